"""The per-document parts, one module each: what is computed from one text and cached by its hash.

- :mod:`~analysis.parts.entities`: sentences and entity mentions (spaCy, or natasha for Russian);
- :mod:`~analysis.parts.keywords`: YAKE keyword candidates;
- :mod:`~analysis.parts.quotes`: quoted and reported statements (made by the corpus stage, which knows the
  canonical names they depend on).

Each part's payload is a typed record that the cache stores as JSON and reads back. A part's cache
fingerprint covers its module and what that module imports (see :mod:`analysis.fingerprint`), so each
module here imports what its part depends on, and nothing of another part's.
"""
