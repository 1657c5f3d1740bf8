from hotel_phone.cli import main

raise SystemExit(main())
