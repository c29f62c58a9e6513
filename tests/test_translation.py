"""Every word a person reads is marked for translation, and every word on the child's screens
has its Welsh. These read the source, so a new unmarked label or a new child-screen string
without Welsh fails here before anyone sees it in English on a Welsh screen."""

import ast
import importlib.util
import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cia_portal", "assessments", "referrals", "chronology", "caseload", "records", "evaluation")
TEMPLATES = ROOT / "templates"
# The screens the child sees in "with the child" mode (the setup and hand-back are the adult's).
CHILD_TEMPLATES = ("base_child.html", "child_mode_step.html", "child_mode_done.html")
CHILD_VIEWS = ROOT / "assessments" / "child_views.py"
ADULT_VIEWS = ("child_mode_setup", "child_mode_hand_back")

TEXT_KWARGS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "legend",
    "title",
    "submit_label",
}
TEXT_DICTS = {"labels", "help_texts", "error_messages", "required_messages"}
RELATION_FIELDS = ("ForeignKey", "OneToOneField", "ManyToManyField")


# Language names stay in their own language ("Cymraeg"), so settings.py is not translated.
NOT_TRANSLATED = {ROOT / "cia_portal" / "settings.py"}


def _python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path not in NOT_TRANSLATED:
                yield path


def _is_text(node) -> bool:
    if isinstance(node, ast.JoinedStr):  # an f-string cannot be translated
        return True
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(c.isalpha() for c in node.value)
    )


def _user_facing_values(node):
    """The expressions in `node` that a person reads: labels, help, choices, errors, messages."""
    if isinstance(node, ast.Call):
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        for keyword in node.keywords:
            if keyword.arg in TEXT_KWARGS:
                yield keyword.value
            elif keyword.arg in TEXT_DICTS and isinstance(keyword.value, ast.Dict):
                yield from keyword.value.values
            elif keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
                yield from (e.elts[-1] for e in keyword.value.elts if isinstance(e, ast.Tuple))
        if name.endswith("Field") and name not in RELATION_FIELDS and node.args:
            yield node.args[0]  # a model field's verbose name
        if name in ("success", "info", "warning", "error") and len(node.args) > 1:
            yield node.args[1]  # messages.success(request, text)
        if (name in ("PermissionDenied", "ValidationError") or name.endswith("Refused")) and (
            node.args
        ):
            yield node.args[0]  # the 403 page and form errors show these
        if name == "Section":
            yield from node.args[1:4]  # title, question, hint
        if name == "add_error" and len(node.args) > 1:
            yield node.args[1]
    elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
        if any(getattr(target, "id", "") in TEXT_DICTS for target in node.targets):
            yield from node.value.values
    elif isinstance(node, ast.Assign) and _is_value_label_pairs(node.value):
        yield from (pair.elts[1] for pair in node.value.elts)
    elif isinstance(node, ast.ClassDef) and _is_choices(node):
        for statement in node.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                yield statement.value.elts[-1]


def _is_value_label_pairs(node) -> bool:
    """[("happy", "Happy"), ...]: choices written out as a list."""
    return (
        isinstance(node, ast.List | ast.Tuple)
        and bool(node.elts)
        and all(
            isinstance(pair, ast.Tuple)
            and len(pair.elts) == 2
            and isinstance(pair.elts[0], ast.Constant)
            for pair in node.elts
        )
    )


def _is_choices(node: ast.ClassDef) -> bool:
    return any(getattr(b, "attr", getattr(b, "id", "")).endswith("Choices") for b in node.bases)


def _either(node):
    """Both branches of `"Edit" if x else "Add"`."""
    if isinstance(node, ast.IfExp):
        yield from _either(node.body)
        yield from _either(node.orelse)
    else:
        yield node


def unmarked_python(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        f"{value.lineno}: {getattr(value, 'value', 'an f-string')!r}"
        for node in ast.walk(tree)
        for found in _user_facing_values(node)
        for value in _either(found)
        if _is_text(value)
    ]


HTML_TAG = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]*>", re.S)
READ_ATTRIBUTES = re.compile(r'\b(alt|title|aria-label|placeholder)="([^"]*)"')
LITERAL_DEFAULT = re.compile(r'\|default(?:_if_none)?:"([^"]*[A-Za-z][^"]*)"')
CODE = "\x00"  # stands for template code in the text left to read


def _outside_translation(source: str) -> str:
    """The template with its code blanked out and translated blocks removed."""
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        words = token.contents.split()
        if token.token_type == TokenType.BLOCK:
            if closing and words and words[0] == closing:
                closing = None
            elif not closing and words and words[0] in ("blocktranslate", "comment"):
                closing = "end" + words[0]
            parts.append(CODE)
        elif token.token_type == TokenType.VAR:
            defaults = LITERAL_DEFAULT.findall(token.contents)
            parts.extend(f"\nliteral default {value}\n" for value in defaults)
            parts.append(CODE)
        elif not closing and token.token_type == TokenType.TEXT:
            parts.append(token.contents)
    return "".join(parts)


def unmarked_template(source: str) -> list[str]:
    text = _outside_translation(source)
    found = [
        f"{name}={value!r}"
        for name, value in READ_ATTRIBUTES.findall(text)
        if re.search(r"[A-Za-z]{2}", value)
    ]
    readable = re.sub(r"&[#a-z0-9]+;", " ", HTML_TAG.sub(" ", text))
    found += [line.strip() for line in readable.splitlines() if re.search(r"[A-Za-z]{2}", line)]
    return found


def _templates():
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt", ".svg"))


def test_every_label_message_and_error_in_python_is_marked():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _python_files()
        if (found := unmarked_python(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_every_word_in_the_templates_is_marked():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _templates()
        if (found := unmarked_template(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source, expected",
    [
        ('name = models.CharField("Family name")', ["1: 'Family name'"]),
        ('name = models.CharField(_("Family name"))', []),
        ('f = forms.CharField(error_messages={"required": "Enter it"})', ["1: 'Enter it'"]),
        ('labels = {"a": _("A"), "b": "Bee"}', ["1: 'Bee'"]),
        ('messages.success(request, "Saved")', ["1: 'Saved'"]),
        ('raise PermissionDenied("No")', ["1: 'No'"]),
        ("class S(models.TextChoices):\n    A = 'a', 'Aye'", ["2: 'Aye'"]),
        ('family = models.ForeignKey("Family", on_delete=CASCADE)', []),
        ('raise Http404("Not found")', []),  # the 404 page never shows it
        ('raise TransitionRefused(f"Cannot {x}")', ["1: 'an f-string'"]),
        ('render(title="Edit" if x else _("Add"))', ["1: 'Edit'"]),
        ('FEELINGS = [("happy", "Happy"), ("sad", _("Sad"))]', ["1: 'Happy'"]),
        (
            'Section("slug", "Title", _("Question"), "Hint", ("field",))',
            ["1: 'Title'", "1: 'Hint'"],
        ),
    ],
)
def test_the_python_check_finds_unmarked_text(source, expected):
    assert unmarked_python(source) == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        ("<p>Hello</p>", ["Hello"]),
        ("{% load i18n %}<p>{% translate 'Hello' %}</p>", []),
        ("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>", []),
        ('<a href="{% url "home" %}" class="govuk-link">{{ name }}</a>', []),
        ('<img src="x.png" alt="A drawing">', ["alt='A drawing'"]),
        ('<nav aria-label="{% translate "Menu" %}"></nav>', []),
        ('{{ x|default:"Not known" }}', ["literal default Not known"]),
        ('{{ x|default:_("Not known") }}{{ d|date:"j F Y" }}', []),
    ],
)
def test_the_template_check_finds_unmarked_text(source, expected):
    assert unmarked_template(source) == expected


MSGID = re.compile(r"\bn?gettext\(u('(?:[^'\\]|\\.)*')")


def _msgids_in_template(source: str) -> set[str]:
    """What makemessages would collect from the template, found the way makemessages does."""
    return {ast.literal_eval(literal) for literal in MSGID.findall(templatize(source))}


def _msgids_in_child_views() -> set[str]:
    tree = ast.parse(CHILD_VIEWS.read_text())
    return {
        node.args[0].value
        for function in tree.body
        if isinstance(function, ast.FunctionDef) and function.name not in ADULT_VIEWS
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "_"
        and node.args
        and _is_text(node.args[0])
    }


def _child_screen_msgids() -> set[str]:
    msgids = set()
    for name in CHILD_TEMPLATES:
        msgids |= _msgids_in_template((TEMPLATES / "assessments" / name).read_text())
    return msgids | _msgids_in_child_views()


def test_the_child_screens_have_strings_to_translate():
    msgids = _child_screen_msgids()
    assert {"I want to stop", "Skip this question", "Question %(number)s of %(steps)s"} <= msgids
    assert "That picture could not be saved. Please try again." in msgids


def _welsh_source() -> dict[str, str]:
    """locale/translate_cy.py's WELSH: the one place the Welsh is written."""
    spec = importlib.util.spec_from_file_location(
        "translate_cy", ROOT / "locale" / "translate_cy.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WELSH


def test_every_string_on_the_childs_screens_has_welsh():
    with translation.override("cy"):
        missing = sorted(m for m in _child_screen_msgids() if translation.gettext(m) == m)
    assert missing == []


def test_the_compiled_welsh_is_the_welsh_that_was_written():
    """A stale or mangled catalogue (a translation doubled by a merge, say) fails here."""
    with translation.override("cy"):
        compiled = {english: translation.gettext(english) for english in _welsh_source()}
    assert compiled == _welsh_source()
