"""Fill in the Welsh for the child's screens in locale/cy/LC_MESSAGES/django.po.

Run after `make messages` has added new strings; then `make messages` compiles them. The
Welsh needs review by a Welsh-speaking practitioner before use with children."""

# ruff: noqa: E501  (the Welsh reads best one string to a line)
import re
from pathlib import Path

WELSH = {
    "That picture could not be saved. Please try again.": "Doedd dim modd cadw'r llun yna. Rho gynnig arall arni.",
    "Skip to main content": "Neidio i'r prif gynnwys",
    "This is me": "Dyma fi",
    "Thank you": "Diolch",
    "Thank you, %(name)s": "Diolch, %(name)s",
    "What you said has been saved.": "Mae beth ddywedaist ti wedi'i gadw.",
    "You can stop here. Please give the tablet or laptop back to %(adult)s.": "Gelli di stopio yma. Rho'r llechen neu'r gliniadur yn ôl i %(adult)s, os gweli di'n dda.",
    "Go back to the questions": "Yn ôl at y cwestiynau",
    "For the adult: go back to your own screens": "I'r oedolyn: yn ôl i'ch sgriniau eich hun",
    "Question %(number)s of %(steps)s": "Cwestiwn %(number)s o %(steps)s",
    "Something went wrong": "Aeth rhywbeth o'i le",
    "You have saved %(counter)s drawing.": "Rwyt ti wedi cadw %(counter)s llun.",
    "Drawing tools": "Offer tynnu llun",
    "Black": "Du",
    "Red": "Coch",
    "Blue": "Glas",
    "Green": "Gwyrdd",
    "Yellow": "Melyn",
    "Purple": "Porffor",
    "Undo": "Dadwneud",
    "Clear": "Clirio",
    "Drawing space": "Lle i dynnu llun",
    "Or add a photo of a drawing on paper": "Neu ychwanega lun o ddarlun ar bapur",
    "What is your drawing about? (you can leave this)": "Am beth mae dy lun di? (gelli di adael hwn)",
    "Error:": "Gwall:",
    "Drawing by %(name)s": "Llun gan %(name)s",
    "Save and finish": "Cadw a gorffen",
    "Next": "Nesaf",
    "Skip this question": "Hepgor y cwestiwn hwn",
    "Go back": "Yn ôl",
    "I want to stop": "Dw i eisiau stopio",
    "That is OK. What you have said so far will be kept safe.": "Mae hynny'n iawn. Bydd beth rwyt ti wedi'i ddweud hyd yma yn cael ei gadw'n ddiogel.",
}

PO = Path(__file__).parent / "cy" / "LC_MESSAGES" / "django.po"
STRING = r'(?:[^"\\]|\\.)*'  # the inside of a quoted .po string


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _without_guesses(po: str) -> str:
    """msgmerge fills new strings with 'fuzzy' guesses from similar ones ("Drawing by %(name)s"
    became "Diolch, %(name)s"). WELSH is the only source of Welsh, so guesses are cleared."""
    header, *entries = po.split("\n\n")
    cleared = []
    for entry in entries:
        if "#, fuzzy" in entry:
            entry = re.sub(r"^#\| .*\n", "", entry, flags=re.M).replace("#, fuzzy\n", "")
            entry = re.sub(r'^(msgstr(?:\[\d\])?) ".*"(\n".*")*$', r'\1 ""', entry, flags=re.M)
        cleared.append(entry)
    return "\n\n".join([header, *cleared])


def main() -> None:
    po = _without_guesses(PO.read_text(encoding="utf-8"))
    for english, welsh in WELSH.items():
        key = _quote(english)
        po = re.sub(  # the whole msgstr, so that a changed translation replaces the old one
            rf'(msgid "{re.escape(key)}"\n)msgstr "{STRING}"(?:\n"{STRING}")*',
            lambda m, welsh=welsh: f'{m.group(1)}msgstr "{_quote(welsh)}"',
            po,
        )
        po = re.sub(
            rf'(msgid "{re.escape(key)}"\nmsgid_plural "[^"]*"\n)((?:msgstr\[\d\] ""\n)+)',
            lambda m, welsh=welsh: (
                m.group(1)
                + "".join(
                    f'msgstr[{i}] "{_quote(welsh)}"\n' for i in range(m.group(2).count("msgstr["))
                )
            ),
            po,
        )
    po = po.replace("#, fuzzy\n", "", 1)
    PO.write_text(po, encoding="utf-8")


if __name__ == "__main__":
    main()
