from waarborg.cli import run

run()
