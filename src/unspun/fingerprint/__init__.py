"""Fingerprints of texts: MinHash signatures, anchor keys and sentence embeddings."""
