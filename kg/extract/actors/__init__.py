"""Who is who in one article: entity mentions resolved to canonical actors.

    index       ArticleActors: the per-article index (actors, the tokens that
                name them, mentions, groups) and the lookups later stages ask
    names       names found in the text: gazetteer names, whole names across
                particles, titled names the model missed, lone surnames,
                bodies and states; a dateline is no actor
    roles       roles and affiliations of unlisted people from their titles
    references  what a token stands for: coordination, pronouns, titles,
                collectives ("<demonym> officials")
    groups      actors named together, and "they", "the two leaders"
    subjects    the names right before a verb where the parse gives no subject

find_actors builds the index in that order: names, then roles, then groups.
"""

from kg.extract.actors.index import ArticleActors, find_actors
from kg.extract.actors.names import surname_key

__all__ = ["ArticleActors", "find_actors", "surname_key"]
