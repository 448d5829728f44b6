from thresholdcli.cli import main

main()
