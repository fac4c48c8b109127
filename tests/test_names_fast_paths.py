"""The names stages' fast paths give what the plain definitions give: one scan of the whole text and one
per sentence, the long lower-case words found with fewer match attempts, except phrases looked for only
where their probe is, name shapes read straight from the mentions, the feature word after a name."""

from __future__ import annotations

import random
import re
from dataclasses import fields
from string import ascii_letters

from factcheck.model import Sentence
from factcheck.names.extract import (
    NameMention,
    _feature_after,
    _letter_tree,
    _one_scan,
    _scan,
    _token_pattern,
    _WrittenLowercase,
    extract_names,
    long_lowercase_words,
    lowercase_words,
)
from factcheck.names.findings import _ODD_CASED, _phrases_in
from factcheck.names.lexicon import name_lexicon
from factcheck.names.packed import NameRecord, shapes_of
from factcheck.names.similarity import MIN_LENGTH
from factcheck.sentences import split_sentences

WORDS = ["the", "said", "van", "de", "bin", "al", "Ludwig", "Beethoven", "Mr", "Mrs", "Dr.", "President", "Justice",
         "Kyiv", "River", "river", "Lake", "Group", "Ukraine's", "Russia’s", "pro-Moscow", "Russian-installed",
         "iPhone", "élan", "Élan", "Straße", "O'Brien", "US", "A", "I", "The", "In", "Drone", "drone", "drones",
         "Residents", "residents", "chicken", "Kiev.", "x-Ray", "rock-n-roll", "St.", "of", "and", "Wagner",
         "Prigozhin", "Jean-Paul", "ıstanbul", "İstanbul", "naïve", "ter", "Steinach", "creek", "County"]
SEPS = [" ", " ", " ", "  ", ", ", ". ", "! ", "? ", "\n", "\n\n", " — ", "—", " “", "” ", "(", ") ", ": ", " '",
        "' ", "\t", " 5 ", "-", "’", "\u00a0", " … ", "\u2009"]


def random_texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [x for _ in range(rnd.randint(1, 40)) for x in (rnd.choice(WORDS), rnd.choice(SEPS))]
        texts.append(("# " if rnd.random() < 0.3 else "") + "".join(parts))
    return texts


def runs_of(text: str, sentences: list[Sentence], whole: bool) -> list:
    lex = name_lexicon()
    pattern = _token_pattern(lex.particles)
    runs: list = []
    if whole:
        _scan(text, pattern.finditer(text), sentences, lex, runs)
    else:
        for s in sentences:
            _scan(text, pattern.finditer(text, s.start, s.end), (s,), lex, runs)
    return runs


def test_one_scan_of_the_text_finds_the_runs_of_one_scan_per_sentence() -> None:
    texts = random_texts(1, 300) + ["Mr. Smith met Ludwig van Beethoven.\n\nHeadline Words Here\nThe flood hit."]
    for text in texts:
        sentences = split_sentences(text)
        assert _one_scan(text, sentences)
        assert runs_of(text, sentences, whole=True) == runs_of(text, sentences, whole=False)
        # words outside the sentences given (every other one left out) are passed over
        some = sentences[::2]
        assert runs_of(text, some, whole=True) == runs_of(text, some, whole=False)


def test_sentences_one_scan_cannot_serve_are_scanned_one_by_one() -> None:
    text = "Anna Smith-Jones met Bob."
    cut = [Sentence(0, 12, 0), Sentence(12, len(text), 0)]  # "Anna Smith-J" | "ones met Bob."
    assert not _one_scan(text, cut)
    assert [n.normalized for n in extract_names(text, cut)] == ["Anna Smith-J", "Bob"]
    assert not _one_scan(text, [Sentence(9, 20, 0), Sentence(0, 8, 0)])  # out of order
    assert not _one_scan(text, [Sentence(0, 10, 0), Sentence(5, 20, 0)])  # overlapping
    assert _one_scan(text, [Sentence(0, 4, 0), Sentence(5, 16, 0)])  # cut at blanks
    for text in random_texts(2, 200):  # cut anywhere: the same names as sentence by sentence
        rnd = random.Random(text)
        cuts = sorted(rnd.sample(range(len(text) + 1), min(len(text) + 1, 4)))
        sentences = [Sentence(a, b, 0) for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        assert extract_names(text, sentences) == [m for s in sentences for m in extract_names(text, [s])]


def test_long_lower_case_words_are_those_of_lowercase_words() -> None:
    texts = ["the drone fell near ashford; Ashford's élan, straße and ſtreet co-op ships", "x²yz abcde_fgh über-alles",
             "naïve café, déjà vu: Kelvin \u212aelvin, istanbul İstanbul", "tiny word list here only",
             "“quoted words” and —dashed words, a—dashed words, ⓐbcdefg µicro Caféterias abcdé",
             "words", "Words at the start; words at the end", "", "élans élans"]
    assert {"drone", "ashford", "straße", "ships", "alles", "naïve", "istanbul"} <= set().union(
        *map(long_lowercase_words, texts[:3]))
    rnd = random.Random(3)
    alphabet = [*"abcdeXYZ '’-—“”.,\n\t2_²éÉßıİ\u00a0\u2009ⓐµ", "word", "Name", "lower", "cases ", "abcd", "abcde"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        every = lowercase_words(text)
        expected = {w for w in every if len(w) >= MIN_LENGTH and w.isalpha()}
        assert long_lowercase_words(text) == expected, text
        # what a sentence-initial word is asked: short, long, with a hyphen or apostrophe, in either case
        written = _WrittenLowercase(text)
        for key in {k for w in re.findall(r"[^\W\d_][\w'’-]*", text) for k in (w, w.lower(), w.lower() + "s")}:
            assert (key in written) == (key in every), (text, key)
            assert (key in written) == (key in every), (text, key)  # answered again


def test_only_four_characters_outside_ascii_match_ascii_letters_when_case_is_ignored() -> None:
    # what makes the except-phrase probe safe in a text without them
    every = "".join(map(chr, range(0x110000)))
    outside = set(re.findall("[a-z0-9]", every, re.IGNORECASE)) - set(ascii_letters + "0123456789")
    assert outside == set(_ODD_CASED) == {"İ", "ı", "ſ", "\u212a"}
    assert all(re.fullmatch(c, x, re.IGNORECASE) for x, c in zip("İıſ\u212a", "iisk", strict=True))


def test_except_phrases_are_found_where_the_plain_search_finds_them() -> None:
    phrases = ["chicken Kiev", "St. Petersburg Times", "Kiss", "5 km run", "Straße", "  "]
    texts = ["They ate CHICKEN  kiev.", "chicken\nKiev and chicken Kiev’s", "Chıcken Kiev", "thechicken Kiev",
             "the st. petersburg   times", "KİSS and kiſs and Kiss", "a 5 KM RUN", "STRASSE, straße", "nothing"]
    for text in texts:
        for phrase in phrases:
            words = [re.escape(w) for w in phrase.split()]
            plain = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
            spans = tuple(m.span() for m in plain.finditer(text))
            assert _phrases_in(text, [phrase]) == ({phrase: spans} if spans else {}), (text, phrase)
    assert _phrases_in("Officials ate Chıcken Kiev.", ["chicken Kiev"]) == {"chicken Kiev": ((14, 26),)}


def record(m: NameMention) -> NameRecord:
    """The name's ``NameRecord``, field by field."""
    return NameRecord(m.start, m.end, m.text, m.tokens, m.token_spans, m.title, m.features, m.initial, m.headline,
                      m.keys)


def plain_shapes_of(names: list[NameRecord]) -> tuple[tuple[NameRecord, ...], list[int]]:
    """``shapes_of`` by its definition: each record moved to offset 0, its shapes keyed by the whole shape."""
    index: dict[NameRecord, int] = {}
    layout: list[int] = []
    for m in names:
        at = m.start
        shape = m._replace(start=0, end=m.end - at, token_spans=tuple((a - at, b - at) for a, b in m.token_spans))
        layout += (at, index.setdefault(shape, len(index)))
    return tuple(index), layout


def test_shapes_read_from_mentions_equal_those_of_their_records() -> None:
    for text in random_texts(4, 200):
        names = extract_names(text, split_sentences(text))
        shapes, layout = shapes_of(names)
        assert (shapes, list(layout)) == plain_shapes_of([record(m) for m in names])
        assert shapes_of(record(m) for m in names) == (shapes, layout)  # records have the fields too
    # the same text and spans with other fields: other shapes
    made = [NameMention(start=s, end=s + 4, text="Anna", tokens=("Anna",), token_spans=((s, s + 4),), keys=k)
            for s, k in ((0, ()), (10, ("other",)), (20, ()), (30, ("other",)))]
    shapes, layout = shapes_of(made)
    assert [s.keys for s in shapes] == [("anna",), ("other",)] and list(layout) == [0, 0, 10, 1, 20, 0, 30, 1]
    assert (shapes, list(layout)) == plain_shapes_of([record(m) for m in made])


NEXT_WORD = re.compile(r"[ \t]+([a-z]+)")  # the lower-case word after a name, by its definition


def test_feature_word_after_a_name() -> None:
    match = _feature_after()
    features = name_lexicon().features
    for text in ["X river", "X  rivers", "X\triver.", "X riverside", "X River", "X mountain", "X mount", "X", "X  ",
                 "X fc", "X group's", "X lake-side"]:
        old = NEXT_WORD.match(text, 1)
        expected = old.group(1) if old and old.group(1) in features else None
        found = match(text, 1)
        assert (found.group(1) if found else None) == expected, text
    # every feature word, and the words one letter shorter or longer than one (where a tree could go wrong)
    probes = {p for w in features for p in (w, w[:-1], w + "s", w + "x", w.upper(), w + "-x", w + "'s")}
    for probe in sorted(probes):
        for text in (f"X {probe}", f"X \t{probe}.", f"X{probe}"):
            old = NEXT_WORD.match(text, 1)
            expected = old.group(1) if old and old.group(1) in features else None
            found = match(text, 1)
            assert (found.group(1) if found else None) == expected, text


def test_letter_tree_matches_exactly_its_words() -> None:
    rnd = random.Random(5)
    for _ in range(300):
        size = rnd.randint(1, 12)
        words = sorted({"".join(rnd.choice("abc") for _ in range(rnd.randint(1, 4))) for _ in range(size)})
        tree = re.compile(f"(?:{_letter_tree(words)})")
        for probe in {"".join(rnd.choice("abcd") for _ in range(rnd.randint(0, 5))) for _ in range(40)} | set(words):
            assert bool(tree.fullmatch(probe)) == (probe in words), (words, probe)
    assert _letter_tree(["lake", "lakes", "loch", "river"]) == "l(?:a(?:k(?:e(?:s)?))|och)|river"


def test_mentions_built_directly_equal_those_the_dataclass_makes() -> None:
    texts = random_texts(6, 200) + ["The Steinach river and the Kremlin, Mr Smith’s  Lake Group met Jean-Paul Sartre."]
    names = [f.name for f in fields(NameMention) if f.name != "keys"]
    for text in texts:
        for m in extract_names(text, split_sentences(text)):
            made = NameMention(**{n: getattr(m, n) for n in names})  # ``keys`` computed by ``__post_init__``
            assert m == made and m.to_json() == made.to_json() and vars(m) == vars(made)
            assert m.text == text[m.start : m.end] and m.tokens == tuple(text[a:b] for a, b in m.token_spans)


def test_a_misspelling_finding_reads_the_dominant_form_only_in_its_first_articles() -> None:
    from names_helpers import analyses_of

    from factcheck.model import Evidence, Finding, Severity
    from factcheck.names.findings import Corpus, _dominant_evidence, _form, _misspelling, _sorted_spans
    from factcheck.names.findings import _evidence as corpus_evidence

    # twelve articles: their ids ("art10_x…" before "art2_x…") do not sort as they are numbered
    texts = [f"Flood news.\n\nWater rose in Ashford on day {i}. The mayor of Ashford spoke. Ashford waits.\n"
             for i in range(12)]
    texts[7] += "\nPolice in Ashfort said the road was shut.\n"

    def plain(corpus: Corpus, rare, dominant) -> Finding:  # _misspelling as defined: from every use of both
        def form(info) -> str:
            return _form(info.display, len(info.occurrences), [o.doc for o in info.occurrences], corpus)

        msg = f"{form(rare)} looks like a misspelling of {form(dominant)}"
        evidence: list[Evidence] = [corpus_evidence(corpus, d, s, e, "variant") for d, s, e in
                                    _sorted_spans(corpus, ((o.doc, *o.span) for o in rare.occurrences))]
        evidence += _dominant_evidence(corpus, [(o.doc, *o.span) for o in dominant.occurrences])
        return Finding("misspelling", "misspelling", Severity.ERROR, msg, tuple(evidence),
                       f"name {dominant.display}")

    fast_corpus = Corpus.of(analyses_of(*texts))
    dominant = fast_corpus.tokens["ashford"]
    fast = _misspelling(fast_corpus, fast_corpus.tokens["ashfort"], dominant)
    assert dominant._occurrences is None  # the shortcut was taken: the dominant form's uses were not all listed
    plain_corpus = Corpus.of(analyses_of(*texts))
    expected = plain(plain_corpus, plain_corpus.tokens["ashfort"], plain_corpus.tokens["ashford"])
    assert fast == expected
    assert len([e for e in fast.evidence if e.role == "dominant"]) == 5
    assert "'Ashford' (36, in all 12 articles)" in fast.message


def test_story_keys_indexed_from_the_tokens_are_those_read_from_each_article() -> None:
    from names_helpers import corpus_and

    from factcheck.names.cluster import StoryContext, eligible
    from factcheck.names.findings import Corpus

    corpus = Corpus.of(corpus_and())
    keys = {k for k, info in corpus.tokens.items() if eligible(info, corpus.lower, set())}
    indexed = StoryContext.of(corpus.names, keys, corpus.tokens)
    plain = StoryContext.of(corpus.names, keys)  # each article's keys read when first asked for
    assert indexed.frequency == plain.frequency and indexed.limit == plain.limit
    docs = range(len(corpus.names))
    assert [indexed.doc_keys(d) for d in docs] == [plain.doc_keys(d) for d in docs]
    assert sum(1 for d in docs if plain.doc_keys(d)) >= 3  # articles with distinctive names are compared
