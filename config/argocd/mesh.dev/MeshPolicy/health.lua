-- Argo CD health check for mesh.dev/MeshPolicy (Lua 5.1; Argo CD sets the global obj and expects a table back).
-- Install through argocd-cm (config/argocd/argocd-cm.yaml holds this same script).
-- The reason tables mirror ConditionReasonHealth in src/Operator.Entities; tests run this file with lua5.1 for every
-- reason there, so the two cannot drift.
local hs = {}

-- Failing reasons: a person has to act (fix the spec, the issuer, the pods, the config a proxy rejected).
local degraded = {
  Invalid = true, Conflict = true, ReferenceNotFound = true, IssuanceFailed = true, IssuerNotReady = true,
  SidecarMissing = true, SelectedByOlderPolicy = true, ApplyFailed = true, ProxyRejected = true, BootstrapFailed = true,
}
-- Work in progress that finishes on its own.
local progressing = {
  Pending = true, SidecarOutdated = true, ProxiesPending = true, Reconciling = true, Terminating = true,
}
-- Ready's own reasons name only the first condition that is not True, so they decide nothing.
local summary = {
  NotAccepted = true, CertificatesNotReady = true, WorkloadsNotReady = true, NetworkPoliciesNotReady = true,
  NotProgrammed = true,
}
local healthy = {
  Valid = true, Issued = true, NotRequired = true, UpToDate = true, NoWorkloads = true, Applied = true,
  Disabled = true, AllProxiesAcked = true, NoProxies = true, Ready = true,
}

local function known(reason)
  return reason ~= nil and (degraded[reason] or progressing[reason] or summary[reason] or healthy[reason])
end

local function describe(c)
  local text = c.message
  if text == nil or text == "" then
    text = c.reason or "no reason given"
  end
  return c.type .. ": " .. text
end

local status = obj.status
if status == nil or status.conditions == nil or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for mesh-operator to report status"
  return hs
end

-- kstatus: a status written for an older generation says nothing about the current spec.
local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for mesh-operator to reconcile generation " .. tostring(generation)
    .. " (status is for generation " .. tostring(status.observedGeneration or "none") .. ")"
  return hs
end

local ready = nil
for _, c in ipairs(status.conditions) do
  if c.type == "Ready" then
    ready = c
  end
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

-- Ready is not True: every other condition's reason decides, a failing one first.
local waiting = nil
local unknown = nil
for _, c in ipairs(status.conditions) do
  if c.type ~= "Ready" and c.status ~= "True" then
    if (c.type == "Accepted" and c.status == "False") or degraded[c.reason] then
      hs.status = "Degraded"
      hs.message = describe(c)
      return hs
    elseif known(c.reason) then
      waiting = waiting or c
    else
      unknown = unknown or c
    end
  end
end
if unknown == nil and ready ~= nil and not known(ready.reason) then
  unknown = ready
end

hs.status = "Progressing"
if unknown ~= nil then
  hs.message = describe(unknown) .. " (reason " .. tostring(unknown.reason)
    .. " is not known to this health check: update config/argocd)"
elseif waiting ~= nil then
  hs.message = describe(waiting)
elseif ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "Waiting for the Ready condition"
end
return hs
