import pytest

from unspun.config import AlignConfig, load_config
from unspun.errors import ConfigError


def test_defaults_without_a_file():
    assert load_config().candidates.bands == 42


def test_user_toml_overlays_defaults(tmp_path):
    path = tmp_path / "unspun.toml"
    path.write_text("[candidates]\nbands = 30\n[align]\nthreshold = 0.6\n")
    config = load_config(path)
    assert config.candidates.bands == 30 and config.align.threshold == 0.6
    assert config.candidates.rows == 3  # untouched defaults stay


@pytest.mark.parametrize("text, message", [
    ("[candidates]\nbandz = 3\n", "unknown setting candidates.bandz"),
    ("[align]\nthreshold = 'high'\n", "expected a float"),
    ("[align]\nthreshold = 1.5\n", "between 0 and 1"),
    ("[candidates]\nbands = 100\n", "at most 128"),
    ("not toml = = 1", "not valid TOML"),
])
def test_bad_settings_say_how_to_fix_them(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_validation_at_construction():
    with pytest.raises(ConfigError):
        AlignConfig(threshold=-0.1)
