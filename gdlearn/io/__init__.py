"""Files: CSV data in, model files in and out, and every write all or nothing.

    lines.py         a text file read line by line, each line checked, in its encoding
    dataset.py       Dataset: X, y, their names, and where they came from
    cells.py         one CSV cell as a number (decimal point or comma), or what is wrong
    csv_files.py     load_csv, load_features: a CSV file as X and y
    atomic.py        write_text_atomic: a temporary file renamed over the target
    model_files.py   save_model, load_model: a fitted model as readable JSON
    console.py       readable_output: η written as eta where a console cannot show it

The maths never reads or writes a file; this package does it for the
command line and for users, and names the file, line and column of every
problem it finds.
"""
