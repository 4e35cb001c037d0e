"""SPARQL of the streamed build (graph/build_stream.py), one .rq file each."""
