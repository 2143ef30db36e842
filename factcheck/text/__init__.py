"""Arabic text layer: cleaning with offset maps, normalisation, segmentation, stems.

Everything here keeps offsets into the text the user wrote; normalised forms are only matching keys.
"""
