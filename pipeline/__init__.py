"""自治体DX推進参考事例集 PDFs to a normalized JSON/Parquet dataset.

Stages: fetch -> layout -> segment -> sections -> normalize -> assemble -> write.
"""
__version__ = "0.1.0"
