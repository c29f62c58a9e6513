// A drawing space for the child: finger, stylus or mouse (pointer events), a few colours,
// undo and clear (Undo straight after Clear brings the drawing back). On submit the picture
// goes into the form as a PNG data URL; the server decodes it, re-encodes it and stores it
// privately, like any uploaded drawing.
// Without JavaScript the space stays hidden and the photo upload still works.

function startDrawing (root) {
  const canvas = root.querySelector('.app-draw__canvas')
  const context = canvas.getContext('2d')
  const form = root.closest('form')
  const output = form.querySelector('input[name="drawing"]')
  const strokes = []
  let cleared = [] // what Clear took away, so that Undo can bring it back
  let colour = '#0b0c0c'
  let current = null

  function paintBackground () {
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
  }

  function redraw () {
    paintBackground()
    for (const stroke of strokes) {
      context.strokeStyle = stroke.colour
      context.lineWidth = 8
      context.lineCap = 'round'
      context.lineJoin = 'round'
      context.beginPath()
      stroke.points.forEach(([x, y], i) => (i ? context.lineTo(x, y) : context.moveTo(x, y)))
      if (stroke.points.length === 1) {
        const [x, y] = stroke.points[0]
        context.lineTo(x + 0.1, y)
      }
      context.stroke()
    }
  }

  function point (event) {
    const box = canvas.getBoundingClientRect()
    return [
      ((event.clientX - box.left) * canvas.width) / box.width,
      ((event.clientY - box.top) * canvas.height) / box.height
    ]
  }

  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId)
    cleared = []
    current = { colour, points: [point(event)] }
    strokes.push(current)
    redraw()
  })
  canvas.addEventListener('pointermove', (event) => {
    if (!current) return
    current.points.push(point(event))
    redraw()
  })
  const finish = () => { current = null }
  canvas.addEventListener('pointerup', finish)
  canvas.addEventListener('pointercancel', finish)

  root.querySelectorAll('.app-draw__colour').forEach((button) => {
    button.style.setProperty('--app-colour', button.dataset.colour)
    button.addEventListener('click', () => {
      colour = button.dataset.colour
      root.querySelectorAll('.app-draw__colour').forEach((other) =>
        other.setAttribute('aria-pressed', String(other === button)))
    })
  })
  root.querySelector('.app-draw__undo').addEventListener('click', () => {
    if (strokes.length) strokes.pop()
    else strokes.push(...cleared.splice(0))
    redraw()
  })
  root.querySelector('.app-draw__clear').addEventListener('click', () => {
    if (strokes.length) cleared = strokes.splice(0)
    redraw()
  })

  form.addEventListener('submit', (event) => {
    const go = event.submitter && event.submitter.value
    output.value = strokes.length && go !== 'skip' ? canvas.toDataURL('image/png') : ''
  })

  paintBackground()
  root.hidden = false
}

document.querySelectorAll('[data-module="app-draw"]').forEach(startDrawing)
