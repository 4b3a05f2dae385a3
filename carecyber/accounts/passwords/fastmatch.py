"""Exact, fast replacements for zxcvbn's dictionary and l33t matchers.

zxcvbn 4.5.0 looks up every substring of the password in every dictionary
(O(n²) lookups per dictionary), and for l33t it repeats that for every
combination of substitutions (up to a few hundred combinations for a password
full of characters like 1, |, 7, @, $). A 40-character password made of such
characters takes a quarter of a second; 64 characters take over a second.

These matchers return the same matches, found faster:

- dictionary: extend a substring only while it is still the prefix of some
  word (one lookup in a table of every word's prefixes), so the work stops
  after a few characters instead of running to the end of the password, and
  all dictionaries are searched in one pass;
- l33t: walk the words letter by letter, trying each reading of a l33t
  character only where the words so far allow it, and keeping the reading of
  a character the same within one match, as zxcvbn does.

Every match zxcvbn would find is found (tests compare both on random and
hostile input), so the estimate is never more generous than zxcvbn's own. The
l33t walk also finds words where two symbols stand for the same letter
("@|1" as "all"), which zxcvbn's enumeration skips: such passwords score
lower, never higher.
`install()` puts them in place of zxcvbn's; callers hold the zxcvbn lock.
"""

from __future__ import annotations

from typing import Any

from zxcvbn import matching

_Match = dict[str, Any]

# l33t character → the letters it may stand for (inverted from zxcvbn's own table).
_L33T_READINGS: dict[str, tuple[str, ...]] = {}
for _letter, _chars in matching.L33T_TABLE.items():
    for _char in _chars:
        _L33T_READINGS[_char] = (*_L33T_READINGS.get(_char, ()), _letter)

# Every prefix of every dictionary word → the (dictionary, rank) of the words it completes, in
# dictionary order. One lookup per character says both "still a prefix?" and "a whole word here?".
_Lexicon = dict[str, tuple[tuple[str, int], ...]]
_lexicons: dict[str, tuple[int, int, _Lexicon]] = {}


def _lexicon_of(names: list[str], dictionaries: dict[str, dict[str, int]]) -> _Lexicon:
    key = ",".join(names)
    identity = sum(id(dictionaries[n]) for n in names)
    size = sum(len(dictionaries[n]) for n in names)
    cached = _lexicons.get(key)
    if cached is not None and cached[0] == identity and cached[1] == size:
        return cached[2]
    lexicon: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        for word, rank in dictionaries[name].items():
            for end in range(1, len(word)):
                lexicon.setdefault(word[:end], [])
            lexicon.setdefault(word, []).append((name, rank))
    frozen = {prefix: tuple(entries) for prefix, entries in lexicon.items()}
    _lexicons[key] = (identity, size, frozen)
    return frozen


def _lexicons_for(dictionaries: dict[str, dict[str, int]]) -> list[_Lexicon]:
    """The static dictionaries as one lexicon, then the person's own words (rebuilt on every call) as another."""
    static = [n for n in dictionaries if n != "user_inputs" and dictionaries[n]]
    found = [_lexicon_of(static, dictionaries)] if static else []
    if dictionaries.get("user_inputs"):
        found.append(_lexicon_of(["user_inputs"], dictionaries))
    return found


def warm_up() -> None:
    """Build the lexicon now (about half a second, once per process) rather than on the first check."""
    _lexicons_for(matching.RANKED_DICTIONARIES)


def dictionary_match(password: str, _ranked_dictionaries: dict[str, dict[str, int]] | None = None) -> list[_Match]:
    dictionaries = matching.RANKED_DICTIONARIES if _ranked_dictionaries is None else _ranked_dictionaries
    matches: list[_Match] = []
    length = len(password)
    lower = password.lower()
    for lexicon in _lexicons_for(dictionaries):
        for i in range(length):
            for j in range(i, length):
                word = lower[i : j + 1]
                entries = lexicon.get(word)
                if entries is None:
                    break
                for dictionary_name, rank in entries:
                    matches.append(
                        {
                            "pattern": "dictionary",
                            "i": i,
                            "j": j,
                            "token": password[i : j + 1],
                            "matched_word": word,
                            "rank": rank,
                            "dictionary_name": dictionary_name,
                            "reversed": False,
                            "l33t": False,
                        }
                    )
    return sorted(matches, key=lambda m: (m["i"], m["j"]))


def reverse_dictionary_match(
    password: str, _ranked_dictionaries: dict[str, dict[str, int]] | None = None
) -> list[_Match]:
    matches = dictionary_match(password[::-1], _ranked_dictionaries)
    last = len(password) - 1
    for m in matches:
        m["token"] = m["token"][::-1]
        m["reversed"] = True
        m["i"], m["j"] = last - m["j"], last - m["i"]
    return sorted(matches, key=lambda m: (m["i"], m["j"]))


def l33t_match(
    password: str,
    _ranked_dictionaries: dict[str, dict[str, int]] | None = None,
    _l33t_table: dict[str, list[str]] | None = None,
) -> list[_Match]:
    dictionaries = matching.RANKED_DICTIONARIES if _ranked_dictionaries is None else _ranked_dictionaries
    if not any(c in _L33T_READINGS for c in password):
        return []
    matches: list[_Match] = []
    length = len(password)
    lower = password.lower()

    def walk(lexicon: _Lexicon, i: int, j: int, word: str, sub: dict[str, str]) -> None:
        if j >= length:
            return
        char = lower[j]
        readings = (sub[char],) if char in sub else _L33T_READINGS.get(char, (char,))
        for letter in readings:
            candidate = word + letter
            entries = lexicon.get(candidate)
            if entries is None:
                continue
            new_sub = sub if char in sub or char not in _L33T_READINGS else {**sub, char: letter}
            if entries and new_sub and j > i:
                token = password[i : j + 1]
                display = ", ".join(f"{k} -> {v}" for k, v in new_sub.items())
                for dictionary_name, rank in entries:
                    matches.append(
                        {
                            "pattern": "dictionary",
                            "i": i,
                            "j": j,
                            "token": token,
                            "matched_word": candidate,
                            "rank": rank,
                            "dictionary_name": dictionary_name,
                            "reversed": False,
                            "l33t": True,
                            "sub": dict(new_sub),
                            "sub_display": display,
                        }
                    )
            walk(lexicon, i, j + 1, candidate, new_sub)

    for lexicon in _lexicons_for(dictionaries):
        for i in range(length):
            walk(lexicon, i, i, "", {})
    return sorted(matches, key=lambda m: (m["i"], m["j"]))


ORIGINAL = {
    "dictionary_match": matching.dictionary_match,
    "reverse_dictionary_match": matching.reverse_dictionary_match,
    "l33t_match": matching.l33t_match,
}


def install() -> None:
    """Use the fast matchers and search inside zxcvbn (it looks them up by module name at call time)."""
    from zxcvbn import scoring

    from carecyber.accounts.passwords import fastscore

    matching.dictionary_match = dictionary_match
    matching.reverse_dictionary_match = reverse_dictionary_match
    matching.l33t_match = l33t_match
    matching.most_guessable_match_sequence = fastscore.most_guessable_match_sequence
    scoring.most_guessable_match_sequence = fastscore.most_guessable_match_sequence
