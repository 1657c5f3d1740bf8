"""Printed documents (reportlab): message slips, charge slips, folios, registers, reports."""
