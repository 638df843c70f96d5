"""The development corpus: invented rulings, their truth, and the tools that build their PDFs."""

from pathlib import Path

# The offices the samples need to be drafted (the sample catalogue's procurement agency and
# every IP office that issued a sample ruling); `rulingdesk demo` starts its data folder with it.
DEMO_SETTINGS = Path(__file__).resolve().parent / "demo_settings.toml"
