from waarborg.cli import main

main()
