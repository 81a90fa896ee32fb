"""Both stores implement the one interface the CLI, the desk and export talk to."""

import inspect

import pytest

from desk.store import DeskStore, Store, StoreError, open_store
from desk.store.postgres import PostgresStore

METHODS = sorted(name for name, member in vars(DeskStore).items()
                 if callable(member) and not name.startswith("_"))


@pytest.mark.parametrize("store_class", [Store, PostgresStore], ids=["tinydb", "postgresql"])
@pytest.mark.parametrize("name", METHODS)
def test_each_store_has_the_interfaces_methods(store_class, name):
    wanted = inspect.signature(getattr(DeskStore, name))
    assert inspect.signature(getattr(store_class, name)) == wanted


def test_the_location_picks_the_backend(tmp_path, postgres_url):
    assert type(open_store(tmp_path / "desk.json")) is Store
    assert type(open_store(postgres_url)) is PostgresStore
    with pytest.raises(StoreError, match="not a store location"):
        open_store("mysql://desk@db/desk")
