"""REFI-QDA both ways: .qdpx projects and .qdc code books, with NVivo, ATLAS.ti,
MAXQDA, QualCoder and qualitative-coding.

One room for both directions (``tema.ingest`` and ``tema.export`` never import it):

- ``archive``     reading a .qdpx / .qde / .qdc safely (zip-slip, bombs, XXE)
- ``parse``       REFI XML → plain dataclasses
- ``offsets``     character counts of other programs ↔ code points; edit maps
- ``conventions`` how tema's own ideas ride in Descriptions and note names
- ``variables``   attributes and document fields ↔ typed Variables
- ``sources``     a package's text sources, prepared for import
- ``report``      the import's warnings, grouped by kind, and its report file
- ``read``, ``read_project``, ``read_codebook``     import
- ``write``, ``write_project``, ``write_codebook``  export
"""
