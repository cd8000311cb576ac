"""Turn a user's photo or drawing of a digit into the 28x28 image MNIST would have made.

MNIST digits are not merely small. Each is white ink on black, its ink cropped and
scaled so that the longer side of its box is 20 pixels (keeping the aspect ratio), then
placed in a 28x28 field with its centre of mass at the centre. A network trained on
them expects exactly that; a photo squashed to 28x28 is a different kind of picture
and is misread. `load_digit_image` rebuilds the MNIST form, step by step, one module
per stage (each describes its steps):

    decode     1. read      the file, checked, decoded and turned upright
               2. grey      luminance in [0, 1], transparency laid on a contrasting ground
               3. shrink    large photos to at most 512 px a side
    field      4. as is     a picture already in MNIST's form is only scaled to [0, 1]
    frame      5. frame     a drawing on a flat ground cut to its ink, at most 128 px
               6. enlarge   small pictures to about 112 px
    ground     7. polarity  is the ink darker or lighter than the paper?
               8. ground    paper, uneven light and shadows subtracted
    contrast   9. contrast  ink to 1, ground to 0; faint ink joined to firm ink kept
    rules     10. rules     the printed lines of lined or squared paper erased
    isolate   11. isolate   the digit's blobs kept; specks, marks, the paper's edge dropped
    field     12. crop      to the box of the ink
    strokes   13. strokes   thin lines thickened to MNIST's width; fat ones kept
    field     14. fit       the longer side to 20 px
              15. centre    the centre of mass to (14, 14) in 28x28

digit.py puts the steps together for one digit. A picture of a number (number.py) takes
steps 1-3, then

    frame      frame     a drawing on a flat ground cut to its ink, its shorter side to
                         256 px; small pictures enlarged by a whole factor (at most 8)
    ground     polarity and ground, as steps 7-8
    contrast   textured  lines thinner than a pen stroke opened away (a cheque's pattern);
                         on a flat ground (a drawing) step 9's contrast, every stroke kept
    rules      baselines a single straight line across the number, a box's edge, erased
    lines      lines     blobs, specks dropped, grouped into lines of writing, top to
                         bottom; each line cropped and scaled to 32 px tall, left-aligned
                         in a 32x256 field

The lines go back to the caller to be read (digits.reading, with the line reader of
digits/line_reader.py): no module here imports the model.
"""

from digits.images.decode import decode_image, open_image, read_picture, to_grey
from digits.images.digit import load_digit_image, normalise_digit, read_digit
from digits.images.number import load_number_lines, number_lines

__all__ = [
    "decode_image",
    "load_digit_image",
    "load_number_lines",
    "normalise_digit",
    "number_lines",
    "open_image",
    "read_digit",
    "read_picture",
    "to_grey",
]

# Reading a number scores its digits with a model, so it lives with the model code, in
# digits.reading; these names are found there on first use, so that importing the picture
# code never imports TensorFlow.
_READING = ("read_number", "read_number_picture")


def __getattr__(name: str):
    if name in _READING:
        from digits import reading

        return getattr(reading, name)
    raise AttributeError(f"module 'digits.images' has no attribute {name!r}")
