from draft.cli import main

main()
