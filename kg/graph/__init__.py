"""The graph: plain data (kg.model) in, RDF out, and everything done with the RDF.

    emit          Extractions -> triples with stable IRIs (kg.vocab)
    turtle        sorted Turtle / N-Triples, written atomically
    store         the embedded store: RDF files in an in-memory pyoxigraph Store
    diskstore     an on-disk pyoxigraph store that grows article by article
    endpoint      any SPARQL 1.1 store over HTTP, queried; endpoint_urls (its URLs, its dialect),
                  endpoint_wire (answers and failures), endpoint_load (kg load: all or nothing)
    server        a local Oxigraph server with the graph loaded
    queries       canned (queries/*.rq) and ad hoc SPARQL; results writes the answers;
                  sparql_text (bindings as VALUES, parse errors in one line)
    reason        OWL 2 RL closure (owlrl); validate and shacl_sparql check the shapes
    viz, profile  pictures and profiles of who stands where (viz_drawing: shapes to SVG, HTML,
                  PNG; viz_timeline: stances over time)
    docs          documentation of the ontology, generated from ontology/

Nothing here parses text: the extraction half (kg.extract) does that.
"""
