"""Normalising an operator message, and what its words are made of.

``fold`` lower-cases and strips accents *without changing the length* of the text, so an
offset in the folded text is the same offset in the original: rules match on the folded
text and entities are sliced from the original, exactly as written.

``WORD_OR_BREAK`` finds word tokens (identifiers such as ``js_daily`` or ``etl-load-02`` stay
one token) and clause breaks (punctuation, for rules that must not reach across a comma or a
question mark); ``ABBREVIATIONS`` expands chat abbreviations ("pq" → "por que") into several
words. The reader (``reader.py``) applies them chunk by chunk.
"""

from __future__ import annotations

import re
import unicodedata


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        base = base.lower()
        if len(base) == 1 and base != char:
            table[code] = base
    table[ord("İ")] = "i"
    for quote in "’‘´`":
        table[ord(quote)] = "'"
    return table


_FOLD_TABLE = _build_fold_table()


def _fold_char(code: int) -> str:
    char = _FOLD_TABLE.get(code, chr(code))
    lower = char.lower()
    return lower if len(lower) == 1 else char


# The fold of every character below U+2100 (Latin, Greek, Cyrillic, punctuation), as one
# string: ``str.translate`` then finds each character by index. A dict table is slower, as
# every character it lacks costs a KeyError inside ``translate``.
_FOLD_LIMIT = "\u2100"
_FOLD_STRING = "".join(_fold_char(code) for code in range(ord(_FOLD_LIMIT)))
_FINAL_SIGMA = "\u03a3"  # lower-cases by context ("ς" at the end of a word): not per character


def fold(text: str) -> str:
    """Lower-case, accent-free text of exactly the same length as ``text``."""
    if text.isascii():
        return text.lower()
    if max(text) < _FOLD_LIMIT and _FINAL_SIGMA not in text:
        return text.translate(_FOLD_STRING)
    folded = text.translate(_FOLD_TABLE).lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD_TABLE))


# Chat abbreviations and contractions, folded; each expands to one or more tokens.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "pq": ("por", "que"),
    "pque": ("por", "que"),
    "porq": ("por", "que"),
    "oq": ("o", "que"),
    "oque": ("o", "que"),
    "eh": ("e",),
    "q": ("que",),
    "vc": ("voce",),
    "vcs": ("voces",),
    "ce": ("voce",),
    "ta": ("esta",),
    "tao": ("estao",),
    "tava": ("estava",),
    "tb": ("tambem",),
    "tbm": ("tambem",),
    "qdo": ("quando",),
    "qnd": ("quando",),
    "qndo": ("quando",),
    "qto": ("quanto",),
    "qtos": ("quantos",),
    "qts": ("quantos",),
    "qtd": ("quantidade",),
    "pfv": ("por", "favor"),
    "pf": ("por", "favor"),
    "pfvr": ("por", "favor"),
    "plz": ("please",),
    "pls": ("please",),
    "blz": ("beleza",),
    "hj": ("hoje",),
    "vlw": ("valeu",),
    "obg": ("obrigado",),
    "brigado": ("obrigado",),
    "td": ("tudo",),
    "tds": ("todos",),
    "n": ("nao",),
    "nd": ("nada",),
    "msg": ("mensagem",),
    "agr": ("agora",),
    "mt": ("muito",),
    "mto": ("muito",),
    "ngm": ("ninguem",),
    "dps": ("depois",),
    "kd": ("cade",),
    "pra": ("para",),
    "pro": ("para", "o"),
    "pros": ("para", "os"),
    "pras": ("para", "as"),
    "num": ("em", "um"),
    "numa": ("em", "uma"),
    "thx": ("thanks",),
    "tks": ("thanks",),
    "ty": ("thank", "you"),
    "u": ("you",),
    "ur": ("your",),
    "whats": ("what", "s"),
    "hows": ("how", "s"),
    "whys": ("why", "s"),
    "cant": ("can", "not"),
    "dont": ("do", "not"),
    "didnt": ("did", "not"),
    "doesnt": ("does", "not"),
    "isnt": ("is", "not"),
    "wont": ("will", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
}

# A word (letters/digits/underscore, possibly joined by hyphens, dots, '#' or '@' as in
# identifiers) or a clause break (punctuation).
WORD_OR_BREAK = re.compile(r"(\w+(?:[-.#@]\w+)*)|[,;:!?.()\[\]\n]")
