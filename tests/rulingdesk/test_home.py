from rulingdesk.home import home_dir


def test_home_override_wins_over_environment(tmp_path, home):
    chosen = tmp_path / "elsewhere"
    assert home_dir(chosen) == chosen
    assert chosen.is_dir()


def test_home_from_environment(home):
    assert home_dir() == home
    assert home.is_dir()
