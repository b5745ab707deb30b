"""Extraction: article files in, plain data (kg.model) out.

    read        files -> Articles (text, HTML, JSON Lines), one Skipped per bad file
    annotate    Article -> spaCy Doc (gazetteer entity ruler, line-aware sentences)
    dateline    when and through whom the article was published
    actors      entity mentions -> canonical actors (gazetteer first, then any name)
    statements  who said what: speech cues, attributions
    quotations  spans of direct speech in the text
    unattributed  who speaks a quotation no speech verb claims
    positions   (holder, stance, topic) read off each statement's parse
    meetings    talks, summits and calls: who met whom, where and when
    labels      topics found from the SKOS labels of a scheme
    knowledge   everything the rules know, loaded from ontology/ data files
                (cue_patterns: DependencyMatcher shapes of stance cues)
    lexicon     the schema of ontology/lexicon.toml: its cue words and confidence weights, checked at load
    syntax      readings of the parse tree several stages share (subject, cue name, negation)

Nothing here knows RDF: the graph half (kg.graph) turns the Extractions into triples.
Also here: syndication (the same story in many outlets), evaluate (scores against
gold) and topiccheck (lint of a user's topic scheme).
"""
