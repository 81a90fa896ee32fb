from desk.cli.main import run

run()
