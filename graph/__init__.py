"""newskg: a knowledge graph of people and institutions, with provenance, from news articles.

The pipeline, one module or subpackage per stage::

    graph.read      files, folders, JSON Lines, HTML, stdin  -> Article
    graph.extract   spaCy + rules                           -> Extraction
    graph.resolve   stable entity keys and IRIs
    graph.rdf       Extraction -> one named graph with provenance
    graph.store     embedded Oxigraph (default), memory, remote SPARQL endpoint
    graph.queries   named SPARQL queries with bound parameters
    graph.project   networkx projections of the store
    graph.render    pyvis HTML views
"""

__version__ = "0.1.0"
