"""The services .ci/run starts for the tests answer (or their tests skip, saying why)."""


def test_the_test_postgres_server_gives_each_test_an_empty_database(postgres_url):
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("select current_database()").fetchone()[0].startswith("desk_test_")
        tables = conn.execute("select count(*) from pg_tables where schemaname = 'public'")
        assert tables.fetchone()[0] == 0
