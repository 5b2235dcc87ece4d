/** A modal form with a password field (the key is not echoed on screen). Resolves to the key, or null. */
export function askForApiKey(message: string): Promise<string | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'api-key-dialog';
    const form = document.createElement('form');
    form.method = 'dialog';
    const text = document.createElement('p');
    text.textContent = message;
    const label = document.createElement('label');
    label.textContent = 'API key ';
    const input = document.createElement('input');
    input.type = 'password';
    input.autocomplete = 'off';
    input.required = true;
    label.append(input);
    const use = document.createElement('button');
    use.type = 'submit';
    use.textContent = 'Use key';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => dialog.close());
    form.append(text, label, use, cancel);
    dialog.append(form);
    let answer: string | null = null;
    form.addEventListener('submit', () => {
      answer = input.value;
      input.value = '';
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
