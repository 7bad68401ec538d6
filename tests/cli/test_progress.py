import io

from gdlearn.cli.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(10, stream=stream, delay=0.0)
    progress(1, 0.5)
    progress.close()
    assert stream.getvalue() == ""


def test_silent_during_the_first_second():
    stream = _Terminal()
    progress = Progress(10, stream=stream)  # default delay: 1 s
    progress(1, 0.5)
    assert stream.getvalue() == ""


def test_draws_epoch_loss_and_rate_then_clears():
    stream = _Terminal()
    progress = Progress(10, stream=stream, delay=0.0)
    progress(10, 0.25)
    assert "epoch 10/10" in stream.getvalue()
    assert "loss 0.25" in stream.getvalue()
    assert "epochs/s" in stream.getvalue()
    progress.close()
    assert stream.getvalue().endswith("\r")


def test_disabled_explicitly_on_a_terminal():
    stream = _Terminal()
    progress = Progress(10, stream=stream, enabled=False, delay=0.0)
    progress(10, 0.25)
    assert stream.getvalue() == ""
