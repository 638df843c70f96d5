"""The development corpus: invented rulings, their truth, and the tools that build their PDFs."""
