"""Across documents: copies of one article (duplicates) and reports of one real-world event (stories).

A production stage the store runs on every ingest; `analysis/` keeps only the evaluation of it.
"""
