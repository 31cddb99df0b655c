"""Which model a command uses: the file given, or the one shipped with skmlkit."""

PACKAGED = "the model packaged with skmlkit"


def open_model(model, log=print):
    """Load ``model`` (a model file), or the packaged model when it is None.

    With the packaged model, ``log`` first receives a line saying so, with
    its recipe and MNIST test accuracy.
    """
    from ..neural_network import MNISTClassifier
    from ..neural_network._pretrained import load_pretrained_with_card

    if model is not None:
        return MNISTClassifier.load(model)
    classifier, card = load_pretrained_with_card()
    accuracy = card.get("mnist_test_accuracy")
    figures = f", MNIST test accuracy {accuracy:.2%}" if accuracy is not None else ""
    log(
        f"Using {PACKAGED} ({card.get('preset', 'robust')} preset{figures}); "
        "pass a model file to use another."
    )
    return classifier
