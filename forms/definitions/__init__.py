"""Form definitions: YAML files read, checked and turned into the model every other room uses.

Lives here: the YAML reader with line numbers (`yamlsource`), the model (`model`), the shape
rules (`schema`), cross-checks and examples (`consistency`), what a valid answer is
(`validation`) and the public view without the quiz's answers (`public`).
May use: the ground floor only (`forms.settings`, `forms.clock`, `forms.keys`); never storage,
intake or office. The site build imports this package, so it stays free of Flask app state.
"""

from forms.definitions.loader import DefinitionErrors, FormDefinition, build, load_all

__all__ = ["DefinitionErrors", "FormDefinition", "build", "load_all"]
