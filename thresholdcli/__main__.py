from thresholdcli.entry import main

main()
