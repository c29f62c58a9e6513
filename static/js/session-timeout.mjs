// Warns before the session ends after a spell without activity, and offers to stay signed
// in without leaving the page. At the end, a page with a draft button (a conversation's
// section) saves what was written as a draft first; any other page goes to the sign-in page,
// which says why.

const dialog = document.querySelector('[data-module="app-session-timeout"]')

function startTimer () {
  const warnSeconds = Number(dialog.dataset.warnSeconds)
  const draftButton = document.querySelector('[data-draft-button]')
  const draftLead = Math.min(20, Math.floor(warnSeconds / 2)) // seconds before the end
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000
  let timer = null

  if (draftButton) dialog.querySelector('[data-draft-note]').hidden = false

  function schedule () {
    clearTimeout(timer)
    const left = endsAt - Date.now()
    if (left <= draftLead * 1000) return finish()
    if (left <= warnSeconds * 1000) {
      if (!dialog.open) dialog.showModal()
      timer = setTimeout(finish, left - draftLead * 1000)
    } else {
      timer = setTimeout(schedule, left - warnSeconds * 1000)
    }
  }

  function finish () {
    if (draftButton) {
      const flag = document.createElement('input')
      flag.type = 'hidden'
      flag.name = 'timed_out'
      flag.value = '1'
      draftButton.form.append(flag)
      draftButton.form.requestSubmit(draftButton)
    } else {
      window.location.assign(dialog.dataset.signedOutUrl)
    }
  }

  dialog.querySelector('form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const form = event.target
    const response = await fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
    if (!response.ok) return window.location.assign(dialog.dataset.signedOutUrl)
    const { seconds_left: secondsLeft } = await response.json()
    endsAt = Date.now() + secondsLeft * 1000
    dialog.close()
    schedule()
  })

  schedule()
}

if (dialog) startTimer()
