// Finding a person or organisation by typing: GOV.UK's accessible autocomplete over a plain
// <select>, which stays a plain select wherever this does not run.
for (const select of document.querySelectorAll('select[data-module="app-autocomplete"]')) {
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: "",
    name: `${select.name}_typed`, // what was typed, sent beside the choice and not used
    minLength: 2,
    tNoResults: () => "Nobody found: try part of their name or organisation",
  });
}
