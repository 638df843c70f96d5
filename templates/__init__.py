"""Notice and letter templates (DOCX), editable in Word or WPS."""
