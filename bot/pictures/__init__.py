"""What the drawing worker process draws (bot/runtime/drawing.py starts it with the bot): the
ladder picture, the owner's PDF, the staff's campaign chart, QR codes and poster, and the
dashboard's Excel workbooks.

Pillow, fpdf2, fontTools, segno and openpyxl are imported in the worker only. The bot's main
process names the entry points of `bot.pictures.draw` (which import nothing heavy at the top)
and hands them to the worker; it never imports `chart`, `media`, `spreadsheet`, `pso.pdf` or
`pso.ladder_image` itself (tests/test_main_process_imports.py).
"""
