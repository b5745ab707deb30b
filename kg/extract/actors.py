"""Who is who in one article: entity mentions resolved to canonical actors.

Known actors come from the gazetteer (aliases, a capital standing for its
state, demonyms). Anyone else the NER finds is minted from the article itself:
the longest form of a person's name is canonical, and a bare surname later in
the article points back to it. Titles in front of a name ("<Demonym> Foreign
Minister Jane Roe") give the role and the affiliation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kg import vocab
from kg.extract.knowledge import Knowledge, KnownActor, alias_key
from kg.model import Actor, Mention

POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def _strip(text: str) -> str:
    text = POSSESSIVE.sub("", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.;:-–—\"'“”‘’")


def surname_key(word: str) -> str:
    """A surname's key, alike across transliterations: a final -y, -yy, -iy or
    -i is dropped, so each spelling of a Slavic surname finds the others."""
    key = POSSESSIVE.sub("", word).lower()
    return re.sub(r"[iy]+$", "", key) if len(key) > 4 else key


def _from_known(known: KnownActor) -> Actor:
    return Actor(
        iri=known.iri,
        name=known.name,
        kind=known.kind,
        aliases=known.aliases,
        role=known.role,
        affiliation=known.affiliation,
        wikidata=known.wikidata,
        known=True,
    )


@dataclass
class ArticleActors:
    """The actors of one parsed article and the tokens that name them."""

    doc: Doc
    knowledge: Knowledge
    actors: dict[str, Actor] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    groups: list[tuple[int, list[str]]] = field(default_factory=list)
    dateline: set[int] = field(default_factory=set)  # tokens of a wire story's dateline
    resolved: dict[int, str] = field(default_factory=dict)  # pronouns and titles resolved to a person so far
    _starts: list[int] | None = None

    # -- building -----------------------------------------------------------

    def build(self) -> ArticleActors:
        titles = self.knowledge.words("actors", "titles")
        labels = self.knowledge.words("actors", "actor_labels")
        dateline = self.dateline = self._dateline_tokens()
        ents = [self._whole_name(e) for e in self.doc.ents if e.label_.lower() in labels and e.start not in dateline]
        # Full names first, so that a bare surname can point back to them.
        persons = [e for e in ents if e.label_ == "PERSON"]
        surnames: dict[str, str] = {}
        for ent in sorted(persons, key=lambda e: -len(self._name_tokens(e, titles))):
            iri = self._person(ent, titles, surnames)
            if iri:
                self._mark(ent, iri)
        self._titled_names(titles, surnames)
        # The small model misses some repeat mentions: a proper noun that is the
        # surname of someone named in full in this article is that person.
        in_names = {t.i for e in self.doc.ents if e.ent_id_ or len(e) > 1 for t in e}  # "the <Surname> administration"
        for token in self.doc:
            if token.i not in self.by_token and token.i not in dateline and token.i not in in_names and self._name_like(token) and surname_key(token.text) in surnames:
                neighbours = [t for t in (token.nbor(-1) if token.i else None,
                                          token.nbor(1) if token.i + 1 < len(self.doc) else None) if t is not None]
                if not any(n.pos_ == "PROPN" for n in neighbours):
                    iri = surnames[surname_key(token.text)]
                    self.by_token[token.i] = iri
                    self.mentions.append(Mention(iri, token.idx, token.idx + len(token.text), token.text))
        for ent in ents:
            if ent.label_ == "PERSON" or any(t.i in self.by_token for t in ent):
                continue  # a surname the model took for a place or a body was resolved above
            iri = None if ent.ent_id_ else self._lone_surname(self._name_tokens(ent, titles), surnames)
            iri = iri or self._collective(ent)
            if iri:
                self._mark(ent, iri)
        self._roles(titles)
        self._build_groups()
        return self

    def _whole_name(self, ent: Span) -> Span:
        """A person's name cut short at a particle ("Ursula von der" + "Leyen"),
        taken up to the capitalised word after it."""
        if ent.label_ != "PERSON":
            return ent
        particles = self.knowledge.words("actors", "name_particles")
        doc, end = self.doc, ent.end
        after = end
        while after < len(doc) and doc[after].lower_ in particles:
            after += 1
        inside = end
        while inside > ent.start + 1 and doc[inside - 1].lower_ in particles:
            inside -= 1
        if ent.ent_id_ or (after == end and inside == end) or after >= len(doc):
            return ent
        if doc[after].pos_ != "PROPN" or not doc[after].text[:1].isupper():
            return ent
        return Span(doc, ent.start, after + 1, label=ent.label_)

    @staticmethod
    def _name_like(token: Token) -> bool:
        """A proper noun, or a capitalised word the tagger took for a common one
        where a name can stand ("Trump" tagged a verb as a subject)."""
        if token.pos_ == "PROPN":
            return True
        return (
            token.text[:1].isupper() and token.text[1:].islower()
            and token.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "dobj", "dative")
            and token.ent_type_ in ("", "PERSON", "ORG", "GPE", "NORP")
        )

    def _dateline_tokens(self) -> set[int]:
        """'TURNBERRY, Scotland, July 27 - …', 'MOSCOW and KYIV — …': the place
        at the head of a wire story is where it was filed, not an actor."""
        found: set[int] = set()
        text = self.doc.text
        starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        for start in starts:
            line = text[start : text.find("\n", start) if "\n" in text[start:] else len(text)]
            first = line.split(" ", 1)[0].rstrip(",")
            if len(first) < 3 or not first.isalpha() or not first.isupper():
                continue
            head = self.doc.char_span(start, start + len(first), alignment_mode="expand")
            if head is None:
                continue
            for other in self.doc[head.start : head.start + 16]:
                if "\n" in other.text:
                    break
                if other.text in ("-", "--", "—", "–") and other.i > head.start:
                    found.update(range(head.start, other.i + 1))
                    break
        return found

    def past_dateline(self, subject: Token) -> Token | None:
        """The subject a parser gave, past a dateline: "MOSCOW — President X
        said" makes X, an apposition of the dateline, the subject; a dateline
        word with no name after it is no subject (None)."""
        for child in subject.children:
            if child.dep_ == "appos" and child.i in self.by_token and any(
                t.text in ("—", "–", "-", "--") for t in self.doc[subject.i + 1 : child.i]
            ):
                return child
        return None if subject.i in self.dateline else subject

    def named_at(self, i: int) -> str | None:
        """The actor token ``i`` names: an entity's, or a gazetteer name or demonym
        the recogniser left out (for topic labels: "Fredonville's NATO bid")."""
        found = self.by_token.get(i)
        if found is not None:
            return found
        token = self.doc[i]
        if not token.text[:1].isupper():
            return None
        known = self.knowledge.by_alias.get(alias_key(token.text)) or self.knowledge.by_demonym.get(token.lower_)
        return known.iri if known is not None else None

    def _name_tokens(self, ent: Span, titles: frozenset[str]) -> list[Token]:
        tokens = [t for t in ent if not t.is_punct and t.text not in ("'s", "’s")]
        while tokens and (tokens[0].lower_ in titles or tokens[0].lower_.rstrip(".") in titles):
            tokens = tokens[1:]
        return tokens

    def _person(self, ent: Span, titles: frozenset[str], surnames: dict[str, str]) -> str | None:
        if ent.ent_id_ and ent.ent_id_ in self.knowledge.by_iri:
            known = self.knowledge.by_iri[ent.ent_id_]
            surnames.setdefault(surname_key(known.name.split()[-1]), known.iri)
            return self.add_known(known)
        tokens = self._name_tokens(ent, titles)
        if not tokens:
            return None
        # The words as written between the first and last: "Jane Roe-Doe" keeps its hyphen.
        name = _strip(" ".join(t.text for t in tokens)) if any(t.text in ("'s", "’s") for t in ent) else _strip(
            self.doc[tokens[0].i : tokens[-1].i + 1].text)
        known = self.knowledge.by_alias.get(alias_key(name))
        lone = self._lone_surname(tokens, surnames)
        if lone:
            return lone
        if known:
            iri = self.add_known(known)
            surnames.setdefault(surname_key(known.name.split()[-1]), iri)
            return iri
        if not name or not name[0].isupper() or len(name) < 3 or any(ch.isdigit() for ch in name):
            return None
        if any(t.lower_ in self.knowledge.by_demonym or t.text.isupper() and len(t.text) > 3 for t in tokens):
            return None  # "Slovak", "the Polish PM": a nationality, not a name; "NATO", "VDA" are no one's name
        return self._new_person(name, tokens[-1].text, surnames)

    def _new_person(self, name: str, surname: str, surnames: dict[str, str]) -> str:
        iri = vocab.actor_iri(name)
        if iri not in self.actors:
            self.actors[iri] = Actor(iri=iri, name=name, kind="Person")
        surnames.setdefault(surname_key(surname), iri)
        return iri

    def _titled_names(self, titles: frozenset[str], surnames: dict[str, str]) -> None:
        """'the UK PM Jane Roe' where the model saw no entity: capitalised
        words right after a title are a person's name."""
        title_words = {w for title in titles for w in title.split()}
        portfolio = self.knowledge.words("actors", "portfolio_words")
        for token in self.doc:
            if token.lower_ not in titles or token.i in self.by_token or token.ent_type_ not in ("", "PERSON", "NORP"):
                continue  # "the General Assembly" is a body, not a title
            start = token.i + 1
            if start < len(self.doc) and self.doc[start].lower_ in self.knowledge.words("actors", "portfolio_prepositions"):
                # "Minister for Foreign Trade Jane Roe-Doe": the portfolio, then the name
                start += 1
                while start < len(self.doc) and (self.doc[start].lower_ in portfolio or self.doc[start].lower_ in ("and", "the", "&")):
                    start += 1
                if start == token.i + 2:
                    continue
            run: list[Token] = []
            for nxt in self.doc[start : start + 5]:
                if run and nxt.text in ("-", "‐") and not run[-1].whitespace_ and not nxt.whitespace_:
                    run.append(nxt)  # a double-barrelled name
                    continue
                if (
                    nxt.pos_ != "PROPN" or not nxt.text[:1].isupper() or nxt.i in self.by_token
                    or nxt.ent_type_ not in ("", "PERSON") or nxt.lower_ in title_words
                    or nxt.i in self.dateline or alias_key(nxt.text) in self.knowledge.by_alias
                    or nxt.lower_ in self.knowledge.by_demonym or nxt.text.isupper()
                ):
                    break
                run.append(nxt)
            while run and run[-1].text in ("-", "‐"):
                run.pop()
            words = [t for t in run if t.text not in ("-", "‐")]
            if not words or run[0].ent_type_ == "PERSON" or len(words) > 3 or any(len(t.text) < 2 for t in words):
                continue
            name = _strip(self.doc[run[0].i : run[-1].i + 1].text)
            lone = self._lone_surname(run, surnames) if len(run) == 1 else None
            if lone:
                iri = lone
            elif alias_key(name) in self.knowledge.by_alias:
                iri = self.add_known(self.knowledge.by_alias[alias_key(name)])
            else:
                iri = self._new_person(name, run[-1].text, surnames)
            for t in run:
                self.by_token[t.i] = iri
            self.mentions.append(Mention(iri, run[0].idx, run[-1].idx + len(run[-1].text), name))

    def _lone_surname(self, tokens: list[Token], surnames: dict[str, str]) -> str | None:
        """A surname alone ("Doe", "von Doe"): the person named in full elsewhere in the article."""
        particles = self.knowledge.words("actors", "name_particles")
        if tokens and all(t.lower_ in particles for t in tokens[:-1]):
            return surnames.get(surname_key(tokens[-1].text))
        return None

    def add_known(self, known: KnownActor) -> str:
        if known.iri not in self.actors:
            self.actors[known.iri] = _from_known(known)
        affiliation = known.affiliation
        if affiliation and affiliation not in self.actors and affiliation in self.knowledge.by_iri:
            self.actors[affiliation] = _from_known(self.knowledge.by_iri[affiliation])
        return known.iri

    def _collective(self, ent: Span) -> str | None:
        if ent.ent_id_ and ent.ent_id_ in self.knowledge.by_iri:
            return self.add_known(self.knowledge.by_iri[ent.ent_id_])
        name = _strip(ent.text)
        known = self.knowledge.by_alias.get(alias_key(name)) or self.knowledge.by_demonym.get(name.lower())
        if known:
            return self.add_known(known)
        if ent.label_ == "NORP" or not name or not name[0].isupper():
            # An unknown nationality or religion names no actor by itself.
            return None
        if ent.label_ not in ("ORG", "GPE") or len(name) < 2:
            return None
        kind = "Country" if ent.label_ == "GPE" else "Organization"
        iri = vocab.actor_iri(name)
        if iri not in self.actors:
            # "<Demonym> Foreign Ministry", "<Country>'s Defence Ministry": a body of that state.
            first = name.split()[0]
            state = self.knowledge.by_demonym.get(first.lower()) or self.knowledge.by_alias.get(
                alias_key(POSSESSIVE.sub("", first))
            )
            affiliation = self.add_known(state) if state is not None and len(name.split()) > 1 else None
            self.actors[iri] = Actor(iri=iri, name=name, kind=kind, affiliation=affiliation)
        return iri

    def _mark(self, ent: Span, iri: str) -> None:
        for token in ent:
            self.by_token[token.i] = iri
        self.mentions.append(Mention(iri, ent.start_char, ent.end_char, ent.text))

    def _roles(self, titles: frozenset[str]) -> None:
        """Role and affiliation of unlisted people from the words before their name."""
        for ent in self.doc.ents:
            iri = self.by_token.get(ent.start)
            actor = self.actors.get(iri) if iri else None
            if not actor or actor.kind != "Person" or actor.known:
                continue
            root = ent.root
            left = [t for t in self.doc[root.left_edge.i : ent.start] if t.sent == ent.sent]
            title = self._appositive_title(root, titles)
            if title is not None:
                # "<Country>'s president, Jane Roe," / "Roe, the <demonym> president,"
                left = [t for t in self.doc[title.left_edge.i : title.i + 1] if t.i not in range(ent.start, ent.end)]
            if not left or len(left) > 8 or any(t.pos_ in ("VERB", "AUX") or t.text in ",;" for t in left):
                continue
            affiliation = None
            role_words = []
            for token in left:
                org = self.by_token.get(token.i) or self._demonym(token)
                if org and org != iri and affiliation is None:
                    affiliation = org
                    continue
                if token.i in self.by_token or token.pos_ == "DET" or token.text in ("'s", "’s"):
                    continue
                if token.ent_type_ in ("NORP", "GPE", "ORG", "LOC"):
                    continue  # an origin we cannot name (a demonym), not part of the role
                role_words.append(token.text)
            if affiliation is None and title is not None:
                affiliation = self._affiliation_after(title, iri)
            role = " ".join(role_words).strip() or None
            if role and not any(w.lower().rstrip(".") in titles for w in role_words) and role.lower() not in titles:
                role = None
            if role or affiliation:
                self.actors[iri] = replace(
                    actor, role=actor.role or role, affiliation=actor.affiliation or affiliation
                )

    def _affiliation_after(self, title: Token, person: str) -> str | None:
        """'the head of <Country>'s intelligence', 'an adviser to the government':
        the body after the title, or the state that owns it."""
        for prep in title.children:
            if prep.dep_ != "prep" or prep.lower_ not in self.knowledge.words("actors", "title_prepositions"):
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                owners = [self.by_token.get(c.i) or self._demonym(c) for c in obj.children if c.dep_ in ("poss", "amod", "compound")]
                owners = [o for o in owners if o and o != person]
                if owners:
                    return owners[0]
                found = self.by_token.get(obj.i)
                if found and found != person:
                    return found
        return None

    def _appositive_title(self, name: Token, titles: frozenset[str]) -> Token | None:
        """The title noun in apposition to a name, if any."""
        candidates = [name.head] if name.dep_ == "appos" else []
        candidates += [c for c in name.children if c.dep_ == "appos"]
        for noun in candidates:
            if noun.pos_ == "NOUN" and noun.lower_ in titles and noun.i not in self.by_token:
                return noun
        return None

    def _demonym(self, token: Token) -> str | None:
        known = self.knowledge.by_demonym.get(token.text.lower())
        return self.add_known(known) if known else None

    # -- looking up ---------------------------------------------------------

    def of_token(self, token: Token) -> list[str]:
        """The actors a subject or object token stands for, [] if none.

        Follows coordination ("A and B"), collectives ("<demonym>
        officials", "officials from <country>"), titles ("the <demonym>
        president") and third-person pronouns.
        """
        found: list[str] = []
        for head in [token, *self._conjuncts(token), *self._listed_in_name(token)]:
            for iri in self._one(head):
                if iri not in found:
                    found.append(iri)
        return found

    def _listed_in_name(self, token: Token) -> list[Token]:
        """'<Demonym> Foreign Minister Jane Roe and <demonym> Foreign Minister
        John Doe backed …' parsed as one name: the other person inside it."""
        iri = self.by_token.get(token.i)
        if iri is None or self.actors[iri].kind != "Person":
            return []
        found = []
        stack = [c for c in token.children if c.dep_ in ("compound", "appos", "conj", "nmod") and c.i < token.i]
        while stack:
            node = stack.pop()
            other = self.by_token.get(node.i)
            if other and other != iri and self.actors[other].kind == "Person" and node.i == max(
                    (t.i for t in node.subtree if self.by_token.get(t.i) == other), default=node.i):
                found.append(node)
            stack += [c for c in node.children if c.dep_ in ("compound", "appos", "conj", "nmod")]
        return sorted(found, key=lambda t: t.i)

    def left_of(self, verb: Token) -> list[str]:
        """Actors named right before a verb the parser gave no subject:
        "…, <country A> and <country B> agreed to …" parsed as a list. Only a run of
        actor names, 'and', commas and articles counts."""
        found: list[str] = []
        i = verb.i - 1
        if i >= verb.sent.start and self.doc[i].text == ",":
            # "Roe, in her remarks in <city>, called …": skip the aside.
            for j in range(i - 1, max(verb.sent.start, i - 16), -1):
                named = self.doc[j - 1]
                if self.doc[j].text == "," and named.i in self.by_token and named.dep_ != "pobj":
                    i = j - 1
                    break
        while i >= verb.sent.start:
            token = self.doc[i]
            if found and token.dep_ == "compound" and self._in_title_of_person(token):
                pass  # "Defense Secretary Jane Roe": an organisation in a title
            elif found and token.i in self.by_token and self._before_title(token) and self.actors[
                    self.by_token[token.i]].kind != "Person" and self.actors[found[0]].kind == "Person":
                pass  # "<Body> President Jane Roe": her title
            elif token.i in self.by_token:
                iri = self.by_token[token.i]
                if iri not in found:
                    found.insert(0, iri)
            elif token.text == "," and not (
                i - 1 >= verb.sent.start and (i - 1) in self.by_token
                and any(self.doc[j].lower_ == "and" for j in range(i + 1, verb.i))
            ):
                break  # a comma ends the run, except inside a list "A, B and C"
            elif token.lower_ in ("and", "the", ",") or token.pos_ == "ADV" and not found:
                pass
            elif found and (token.dep_ == "compound" or token.lower_ in self.knowledge.words("actors", "titles")):
                pass  # "Defense Secretary Jane Roe": the title before the name
            else:
                break
            i -= 1
        boundary = (",", ";", "—", "–", "-", "--")
        return found if i < verb.sent.start or self.doc[i].text in boundary or self.doc[i].pos_ in ("ADP", "SCONJ", "CCONJ") else []

    def _before_title(self, token: Token) -> bool:
        """Whether the name at ``token`` runs into a title: "<Body> President"."""
        iri = self.by_token.get(token.i)
        j = token.i + 1
        while j < len(self.doc) and self.by_token.get(j) == iri:
            j += 1
        return j < len(self.doc) and self.doc[j].lower_ in self.knowledge.words("actors", "titles")

    def _in_title_of_person(self, token: Token) -> bool:
        node = token
        for _ in range(3):
            node = node.head
            iri = self.by_token.get(node.i)
            if iri and iri != self.by_token.get(token.i) and self.actors[iri].kind == "Person":
                return True
            if node.dep_ != "compound":
                return False
        return False

    def _conjuncts(self, token: Token) -> list[Token]:
        return [t for t in token.conjuncts if t.i > token.i]

    def _one(self, token: Token) -> list[str]:
        if token.i in self.by_token:
            return [self.by_token[token.i]]
        if token.pos_ == "PROPN":
            # A gazetteer name the NER took for a place (a continent): still that actor.
            known = self.knowledge.by_alias.get(alias_key(token.text))
            if known is not None:
                return [self.add_known(known)]
        group = self.group_reference(token)
        if group is not None:
            return group
        lower = token.lower_
        titled = self.title_reference(token)
        if titled is not None:
            self.resolved[token.i] = titled
            return [titled]
        if lower in self.knowledge.words("actors", "person_pronouns"):
            person = self.resolved.get(token.i) or self.last_person_before(token)
            if person:
                self.resolved[token.i] = person  # "he … he … he": a chain through long quotations
            return [person] if person else []
        if lower in self.knowledge.words("actors", "collective_pronouns") and token.dep_ in ("nsubj", "nsubjpass"):
            # "Ruritania said it would never give up land": the body whose words these are.
            clause = token.head
            governor = clause.head if clause.dep_ in ("ccomp", "conj", "xcomp") and clause.head.i != clause.i else None
            subjects = [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")] if governor is not None else []
            found = self.of_token(subjects[0]) if subjects and subjects[0].lower_ != lower else []
            return found if found and all(self.actors[i].kind != "Person" for i in found) else []
        named = []
        for child in token.children:
            # "the <demonym> ambassador, John Doe," / "officials like X": the named ones.
            if child.dep_ == "appos" and child.i in self.by_token:
                return [self.by_token[child.i]]
            if child.dep_ == "prep" and child.lower_ in self.knowledge.words("actors", "inclusion_prepositions"):
                for grand in child.subtree:
                    if grand.dep_ == "pobj":
                        named += [i for i in self.of_token(grand) if self.actors[i].kind == "Person"]
        if named:
            return named
        heads = self.knowledge.words("actors", "collective_heads")
        if token.lemma_.lower() in heads or lower in heads:
            for child in token.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                    iri = self.by_token.get(child.i) or self._demonym(child)
                    if iri:
                        return self._maybe_title(token, iri) or [iri]
                if child.dep_ == "prep" and child.lower_ in self.knowledge.words("actors", "collective_prepositions"):
                    for grand in child.children:
                        if grand.dep_ == "pobj":
                            found = self.of_token(grand)  # "officials from both sides"
                            if found:
                                return found
        return []

    def title_reference(self, token: Token) -> str | None:
        """'the commissioner', 'the envoy': the person last named before with that title."""
        titles = self.knowledge.words("actors", "titles")
        if token.pos_ not in ("NOUN", "PROPN") or token.tag_ not in ("NN", "NNP") or token.lower_ not in titles:
            return None
        children = list(token.children)
        # "the prime minister", "the Foreign Minister": a title of several words.
        compounds = [c for c in children if c.dep_ in ("compound", "amod") and c.i < token.i]
        title = " ".join([*(c.lower_ for c in compounds), token.lower_])
        if title not in titles or not any(c.dep_ == "det" and c.lower_ == "the" for c in children) or any(
                c.dep_ in ("poss", "prep", "appos", "relcl", "acl") for c in children):
            return None  # "the new president", "the president of X", "Doe's adviser": someone else
        best = None
        for mention in self.mentions:
            if mention.start >= token.idx:
                continue
            actor = self.actors.get(mention.actor)
            if actor is None or actor.kind != "Person":
                continue
            # The title the article gives ("<body> foreign policy chief Jane Roe") or the gazetteer's.
            before = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            words = [t.lower_ for t in self.doc[max(before.start - 4, before.sent.start) : before.start]] if before else []
            words += (actor.role or "").lower().replace("-", " ").split()
            if f" {title} " in f" {' '.join(words)} " and (best is None or mention.start > best[0]):
                best = (mention.start, actor.iri)
        return best[1] if best else None

    def _maybe_title(self, token: Token, country: str) -> list[str]:
        """'the <demonym> president' -> the person of the article holding that role there."""
        if token.lemma_.lower() in self.knowledge.words("actors", "body_nouns"):
            return []
        title = token.lower_
        for actor in self.actors.values():
            if actor.kind == "Person" and actor.affiliation == country and actor.role and actor.role.lower() == title:
                return [actor.iri]
        return []

    # -- groups -------------------------------------------------------------

    def _build_groups(self) -> None:
        """Actors named together, in text order: "X and Y", "X, Y and Z",
        "X met with Y", "X alongside Y"."""
        company = self.knowledge.words("actors", "company_prepositions")
        found: dict[int, list[str]] = {}
        for i, iri in sorted(self.by_token.items()):
            token = self.doc[i]
            if token.dep_ == "conj" and token.head.i in self.by_token:
                continue  # counted with the first conjunct
            members = [iri]
            listed = [*token.conjuncts]
            if self.actors[iri].kind == "Person":
                # "X, Y, Z and W" where the parser took Y for an apposition of X
                listed += [c for c in token.children if c.dep_ == "appos" and c.i in self.by_token
                           and self.actors[self.by_token[c.i]].kind == "Person"]
            for other in listed:
                other_iri = self.by_token.get(other.i)
                if other_iri and other_iri not in members:
                    members.append(other_iri)
            head = token.head
            if token.dep_ == "pobj" and head.lower_ in company and head.head.i != head.i:
                # "X held a call with Y", "X met with Y": the subject or owner joins.
                governor = head.head
                partners: list[str] = [p for p in self.of_token(governor) if p not in members] if governor.i in self.by_token else []
                for node in (governor, governor.head) if not partners else ():
                    for dep in ("nsubj", "poss", "dobj"):
                        for child in node.children:
                            if child.dep_ == dep and child.i != token.i and not partners:
                                partners = [p for p in self.of_token(child) if p not in members]
                    if partners or node.pos_ in ("VERB", "AUX"):
                        break
                members = partners + members
            if len(members) >= 2:
                found[token.i] = members
        self.groups = sorted(found.items())

    def group_reference(self, token: Token) -> list[str] | None:
        """'they', 'the leaders', 'both men', 'all five leaders', 'the two
        countries': the group named last; None when ``token`` is no such reference."""
        lower = token.lower_
        words = self.knowledge.words
        if lower in words("actors", "group_pronouns"):
            return self.last_group_before(token, persons=None, size=None, within=2)
        if lower not in words("actors", "pair_heads") or token.tag_ not in ("NNS", "NNPS"):
            return None
        markers = [c for c in token.children if c.lower_ in words("actors", "pair_words") and c.dep_ in ("det", "nummod", "predet", "amod", "quantmod")]
        if not markers or any(
            c.dep_ in ("amod", "compound", "poss", "prep", "relcl", "acl", "appos") and c.lower_ not in words("actors", "pair_words")
            for c in token.children
        ):
            return None  # "<demonym> leaders", "the leaders of <country>": named, not referred back to
        numbers = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
        size = next((numbers[c.lower_] for c in markers if c.lower_ in numbers), None)
        if token.lemma_.lower() in words("actors", "person_group_heads") or lower in words("actors", "person_group_heads"):
            persons: bool | None = True
        elif token.lemma_.lower() in words("actors", "any_group_heads") or lower in words("actors", "any_group_heads"):
            persons = None
        else:
            persons = False
        return self.last_group_before(token, persons=persons, size=size, within=6)

    def last_group_before(self, token: Token, persons: bool | None, size: int | None, within: int) -> list[str]:
        """The last group named before ``token`` within ``within`` sentences:
        only persons, only collectives, or either (None); of ``size`` if given."""
        starts = self._sentence_starts()
        position = bisect.bisect_right(starts, token.i) - 1
        floor = starts[max(0, position - within)] if starts else 0
        for i, members in reversed(self.groups):
            if i >= token.i:
                continue
            if i < floor:
                break
            chosen = members
            if persons is not None:
                chosen = [m for m in members if (self.actors[m].kind == "Person") == persons]
                if size is not None and len(members) == size and len(chosen) != size and chosen:
                    chosen = members  # "all five leaders" after "X met the leaders of A, B, C and D"
            if len(chosen) >= 2 and (size is None or len(chosen) == size):
                return chosen
        return []

    def _sentence_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [s.start for s in self.doc.sents]
        return self._starts

    def last_person_before(self, token: Token) -> str | None:
        """The person named last before ``token``, within the last three
        sentences, or six when a long quotation stands between ("'…. That's
        it', he stated")."""
        starts = self._sentence_starts()
        here = bisect.bisect_right(starts, token.i) - 1
        floor = starts[max(0, here - 2)] if starts else 0
        # "He" continues the last person who was a subject in this or the
        # previous sentence, not one named in passing ("… a call with Doe.
        # He insisted …"); failing that, the last person named.
        near = starts[max(0, here - 1)] if starts else 0
        fallback = None
        for i in range(token.i - 1, floor - 1, -1):
            iri = self.by_token.get(i) or self.resolved.get(i)
            if iri and self.actors[iri].kind == "Person":
                if i >= near and self._is_subject(self.doc[i]):
                    return iri
                fallback = fallback or iri
        if fallback is None:
            wider = starts[max(0, here - 5)] if starts else 0
            for i in range(floor - 1, wider - 1, -1):
                iri = self.by_token.get(i) or self.resolved.get(i)
                if iri and self.actors[iri].kind == "Person":
                    return iri
        return fallback

    def _is_subject(self, token: Token) -> bool:
        for node in (token, token.head, token.head.head):
            if node.dep_ in ("nsubj", "nsubjpass"):
                return True
            if node.dep_ not in ("compound", "appos", "flat"):
                return False
        return False

    def side(self, iri: str) -> str:
        """The country or organisation an actor speaks for (itself if none is known)."""
        actor = self.actors.get(iri)
        seen = set()
        while actor and actor.affiliation and actor.affiliation not in seen:
            seen.add(actor.iri)
            if actor.affiliation not in self.actors:
                return actor.affiliation
            actor = self.actors[actor.affiliation]
        return actor.iri if actor else iri


def find_actors(doc: Doc, knowledge: Knowledge) -> ArticleActors:
    return ArticleActors(doc, knowledge).build()
