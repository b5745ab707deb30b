"""The graph: plain data (kg.model) in, RDF out, and everything done with the RDF.

    emit          Extractions -> triples with stable IRIs (kg.vocab)
    turtle        sorted Turtle / N-Triples, written atomically
    store         the embedded store: RDF files in an in-memory pyoxigraph Store
    diskstore     an on-disk pyoxigraph store that grows article by article
    endpoint      any SPARQL 1.1 store over HTTP (load all or nothing, query)
    server        a local Oxigraph server with the graph loaded
    queries       canned (queries/*.rq) and ad hoc SPARQL; results writes the answers
    reason        OWL 2 RL closure (owlrl); validate and shacl_sparql check the shapes
    viz, profile  pictures and profiles of who stands where
    docs          documentation of the ontology, generated from ontology/

Nothing here parses text: the extraction half (kg.extract) does that.
"""
