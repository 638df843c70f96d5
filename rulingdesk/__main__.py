from rulingdesk.cli import main

main()
