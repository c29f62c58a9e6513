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
    # The feedback questionnaire (children say "ti", adults "chi") and the pages around it.
    "Tell us what you think": "Dwed wrthon ni beth rwyt ti'n ei feddwl",
    "Your feedback": "Eich adborth",
    "You talked to someone about your family. We want to know how it felt. There are no right or wrong answers. You can skip any question.": "Rwyt ti wedi siarad â rhywun am dy deulu. Rydyn ni eisiau gwybod sut deimlad oedd hynny. Does dim atebion cywir nac anghywir. Gelli di hepgor unrhyw gwestiwn.",
    "Your feedback on the Child Impact Assessment": "Eich adborth ar yr Asesiad o'r Effaith ar y Plentyn",
    "Your answers help the Alliance decide whether Child Impact Assessments help children. They are not linked to your name. You can skip any question.": "Mae eich atebion yn helpu'r Gynghrair i benderfynu a yw Asesiadau o'r Effaith ar Blant yn helpu plant. Dydyn nhw ddim yn gysylltiedig â'ch enw. Gallwch hepgor unrhyw gwestiwn.",
    "Send my answers": "Anfon fy atebion",
    "Send": "Anfon",
    "No, not at all": "Na, dim o gwbl",
    "Not really": "Ddim go iawn",
    "A bit": "Ychydig",
    "Mostly": "Gan amlaf",
    "Yes, a lot": "Ie, llawer",
    "Strongly disagree": "Anghytuno'n gryf",
    "Disagree": "Anghytuno",
    "Neither agree nor disagree": "Ddim yn cytuno nac yn anghytuno",
    "Agree": "Cytuno",
    "Strongly agree": "Cytuno'n gryf",
    "Did you feel listened to?": "Oeddet ti'n teimlo bod pobl yn gwrando arnat ti?",
    "Did you feel helped?": "Oeddet ti'n teimlo dy fod wedi cael help?",
    "Did you have a say in what happens next?": "Gest ti ddweud dy farn am beth sy'n digwydd nesaf?",
    "Were you told what happened next?": "Gest ti wybod beth ddigwyddodd nesaf?",
    "Is there anything else you want to tell us?": "Oes unrhyw beth arall rwyt ti eisiau ei ddweud wrthon ni?",
    "Can we use your words to help other children? We will not say your name.": "Gawn ni ddefnyddio dy eiriau i helpu plant eraill? Fyddwn ni ddim yn dweud dy enw.",
    "I felt listened to": "Roeddwn i'n teimlo bod pobl yn gwrando arna i",
    "I felt well supported": "Roeddwn i'n teimlo fy mod wedi cael cefnogaeth dda",
    "I was included in decisions about the agreed actions": "Cefais fy nghynnwys yn y penderfyniadau am y camau a gytunwyd",
    "I was told what happened next": "Cefais wybod beth ddigwyddodd nesaf",
    "Anything else you would like to tell us?": "Unrhyw beth arall yr hoffech ei ddweud wrthym?",
    "We may quote your words in our report, without your name": "Cawn ddyfynnu eich geiriau yn ein hadroddiad, heb eich enw",
    "We have your answers. What you told us will help other children like you.": "Mae dy atebion gyda ni. Bydd beth ddywedaist ti wrthon ni yn helpu plant eraill fel ti.",
    "Your answers have been sent. You can close this page.": "Mae eich atebion wedi'u hanfon. Gallwch gau'r dudalen hon.",
    "This link has already been used": "Mae'r ddolen hon wedi cael ei defnyddio'n barod",
    "Thank you: the answers for this link have been sent. Each link works once, so that nobody else can answer for you.": "Diolch: mae'r atebion ar gyfer y ddolen hon wedi'u hanfon. Mae pob dolen yn gweithio unwaith, fel na all neb arall ateb ar eich rhan.",
    "This link has ended": "Mae'r ddolen hon wedi dod i ben",
    "Feedback links work for 4 weeks. If you would still like to tell us what you think, ask the person who gave you the link for a new one.": "Mae dolenni adborth yn gweithio am 4 wythnos. Os hoffech chi ddweud wrthym beth rydych chi'n ei feddwl o hyd, gofynnwch i'r person a roddodd y ddolen i chi am un newydd.",
    "We could not find this link": "Doedd dim modd i ni ddod o hyd i'r ddolen hon",
    "Check that the whole link was copied. If it still does not work, ask the person who gave it to you for a new one.": "Gwiriwch fod y ddolen gyfan wedi'i chopïo. Os nad yw'n gweithio o hyd, gofynnwch i'r person a'i rhoddodd i chi am un newydd.",
    # Around every page a family sees.
    "Alpha": "Alffa",
    "This is a new service. It is confidential: only people the child agreed to may see it.": "Mae hwn yn wasanaeth newydd. Mae'n gyfrinachol: dim ond y bobl y cytunodd y plentyn iddyn nhw sy'n cael ei weld.",
    "%(v1)s: Child Impact Assessments. Children's words are shared only with the people they agreed to.": "%(v1)s: Asesiadau o'r Effaith ar Blant. Dim ond gyda'r bobl y cytunodd plant iddyn nhw y caiff eu geiriau eu rhannu.",
    "DEMO: every child, family and practitioner here is fictional.": "DEMO: mae pob plentyn, teulu ac ymarferydd yma yn ddychmygol.",
    "There is a problem": "Mae yna broblem",
    "For families: what is a Child Impact Assessment?": "I deuluoedd: beth yw Asesiad o'r Effaith ar y Plentyn?",
    "Choose a language": "Dewis iaith",
    "Change the language to English": "Newid yr iaith i'r Saesneg",
    "Change the language to Welsh": "Newid yr iaith i'r Gymraeg",
    "English": "Saesneg",
    "Welsh": "Cymraeg",
    # Asking for a CIA (families/): adults, so "chi".
    "Who is asking?": "Pwy sy'n gofyn?",
    "I am their mum": "Fi yw eu mam",
    "I am their dad": "Fi yw eu tad",
    "I look after them": "Fi sy'n gofalu amdanyn nhw",
    "I am the young person": "Fi yw'r person ifanc",
    "I work with the family": "Dw i'n gweithio gyda'r teulu",
    "Someone else": "Rhywun arall",
    "Your first name": "Eich enw cyntaf",
    "The first name of the person in trouble with the law (optional)": "Enw cyntaf y person sydd mewn trafferth gyda'r gyfraith (dewisol)",
    "Their mum, dad, brother, sister or carer. You can leave this out.": "Eu mam, tad, brawd, chwaer neu ofalwr. Gallwch chi adael hwn allan.",
    "Phone number (optional)": "Rhif ffôn (dewisol)",
    "Email address (optional)": "Cyfeiriad e-bost (dewisol)",
    "Is it safe to leave a message?": "Ydy hi'n ddiogel gadael neges?",
    "Yes": "Ie",
    "No": "Na",
    "When is a good time to get in touch? (optional)": "Pryd mae'n amser da i gysylltu? (dewisol)",
    "The court date, if you know it (optional)": "Dyddiad y llys, os ydych chi'n ei wybod (dewisol)",
    "For example, 27 3 2027": "Er enghraifft, 27 3 2027",
    "Which court? (optional)": "Pa lys? (dewisol)",
    "Anything else you want to tell us? (optional)": "Unrhyw beth arall rydych chi eisiau ei ddweud wrthon ni? (dewisol)",
    "Leave this empty": "Gadewch hwn yn wag",
    "Select who is asking": "Dewiswch pwy sy'n gofyn",
    "Enter your first name": "Rhowch eich enw cyntaf",
    "Select yes if it is safe to leave a message": "Dewiswch ie os yw'n ddiogel gadael neges",
    "First name": "Enw cyntaf",
    "Age": "Oed",
    "Write less: %(limit_value)d characters at most": "Ysgrifennwch lai: %(limit_value)d nod ar y mwyaf",
    "Check what you typed here": "Gwiriwch beth wnaethoch chi ei deipio yma",
    "Enter an email address like name@example.com": "Rhowch gyfeiriad e-bost fel enw@example.com",
    "Enter an age from 0 to 25": "Rhowch oed rhwng 0 a 25",
    "Enter the age as a number, like 7": "Rhowch yr oed fel rhif, fel 7",
    "The court date must have a day, month and year": "Rhaid i ddyddiad y llys gynnwys diwrnod, mis a blwyddyn",
    "The court date must be a real date": "Rhaid i ddyddiad y llys fod yn ddyddiad go iawn",
    "Child %(number)s": "Plentyn %(number)s",
    "The children": "Y plant",
    "How can we get in touch?": "Sut gallwn ni gysylltu â chi?",
    "Enter a phone number or an email address": "Rhowch rif ffôn neu gyfeiriad e-bost",
    "Enter the child's age": "Rhowch oed y plentyn",
    "Enter the child's first name": "Rhowch enw cyntaf y plentyn",
    "Enter the first name of at least one child": "Rhowch enw cyntaf o leiaf un plentyn",
    "Back": "Yn ôl",
    "My name": "Fy enw",
    "Date": "Dyddiad",
    "Day": "Diwrnod",
    "Month": "Mis",
    "Year": "Blwyddyn",
    "Tell us how to get in touch. We only need first names and ages. It takes about 5 minutes.": "Dywedwch wrthon ni sut i gysylltu â chi. Dim ond enwau cyntaf ac oedrannau sydd eu hangen arnon ni. Mae'n cymryd tua 5 munud.",
    "This does not tell anyone about your family's case. Someone will get in touch to talk about what your child needs.": "Dydy hyn ddim yn dweud wrth neb am achos eich teulu. Bydd rhywun yn cysylltu i siarad am beth sydd ei angen ar eich plentyn.",
    "You cannot ask online here yet. Ask your child's school, social worker or probation officer about a Child Impact Assessment.": "Allwch chi ddim gofyn ar-lein yma eto. Gofynnwch i ysgol eich plentyn, gweithiwr cymdeithasol neu swyddog prawf am Asesiad o'r Effaith ar y Plentyn.",
    "Request sent": "Cais wedi'i anfon",
    "What happens next": "Beth sy'n digwydd nesaf",
    "Someone will get in touch with you, usually within 5 working days.": "Bydd rhywun yn cysylltu â chi, fel arfer o fewn 5 diwrnod gwaith.",
    "They will talk with you about your child, and ask your child if they want a Child Impact Assessment. It is your child's choice.": "Byddan nhw'n siarad â chi am eich plentyn, ac yn gofyn i'ch plentyn a yw eisiau Asesiad o'r Effaith ar y Plentyn. Dewis eich plentyn yw e.",
    "If you are worried about a child's safety now, call 999.": "Os ydych chi'n poeni am ddiogelwch plentyn nawr, ffoniwch 999.",
    "Read about Child Impact Assessments again": "Darllen am Asesiadau o'r Effaith ar y Plentyn eto",
    "You have asked many times": "Rydych chi wedi gofyn sawl gwaith",
    "We have had a lot of requests from this place in the last hour, so we have not sent this one.": "Rydyn ni wedi cael llawer o geisiadau o'r lle hwn yn yr awr ddiwethaf, felly dydyn ni ddim wedi anfon yr un yma.",
    "Please try again in an hour. Or ask your child's school, social worker or probation officer.": "Rhowch gynnig arall arni mewn awr. Neu gofynnwch i ysgol eich plentyn, gweithiwr cymdeithasol neu swyddog prawf.",
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
