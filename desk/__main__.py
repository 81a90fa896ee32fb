from desk.cli.main import main

raise SystemExit(main())
