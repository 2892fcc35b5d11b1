// Whether a tool is on in a thread, and the thread's tool choices after the user flips one switch:
// tools on by default are switched off through `disabledTools`, tools off by default
// (`enabledByDefault: false`) are switched on through `enabledTools`; a switch-off always wins, as on
// the server's tool set. Pure: the PATCH is ThreadToolsMenu's.

export interface ToolChoices {
  disabledTools: string[]
  enabledTools: string[]
}

export interface ToolDefault {
  name: string
  enabledByDefault?: boolean
}

/** True when the model is offered `tool` in a thread with these choices. */
export function isToolOn(tool: ToolDefault, choices: ToolChoices): boolean {
  if (choices.disabledTools.includes(tool.name)) return false
  return tool.enabledByDefault !== false || choices.enabledTools.includes(tool.name)
}

/** The choices after switching `tool` on or off (only the list that matters for the tool changes). */
export function toggleTool(tool: ToolDefault, on: boolean, choices: ToolChoices): Partial<ToolChoices> {
  const without = (names: string[]) => names.filter(name => name !== tool.name)
  if (tool.enabledByDefault === false) {
    return on
      ? { enabledTools: [...without(choices.enabledTools), tool.name], disabledTools: without(choices.disabledTools) }
      : { enabledTools: without(choices.enabledTools) }
  }
  return { disabledTools: on ? without(choices.disabledTools) : [...without(choices.disabledTools), tool.name] }
}
