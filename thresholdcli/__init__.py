"""thresholdcli: threshold-of-need triage for children's practitioners in England."""

__version__ = "0.1.0"
