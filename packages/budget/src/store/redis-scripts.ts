/**
 * Lua scripts of the Redis store. A script runs atomically: no other command runs between its reads and
 * writes, so the check of every scope and the increment of every scope are one step, across processes.
 * All keys carry the same hash tag (`{llmcost}` by default) so the scripts also run on Redis Cluster.
 * Amounts travel as decimal strings from ARGV straight into INCRBY/DECRBY: Lua's tostring() turns large
 * numbers into "1e+15", which INCRBY would refuse.
 */

// Prologue of the reserve script: release reservations whose TTL passed (a process crashed before
// settling). A member is "id \n amount \n counter-key \n counter-key ...".
const PRUNE = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, member in ipairs(expired) do
  local parts = {}
  for part in string.gmatch(member, '[^\\n]+') do parts[#parts + 1] = part end
  for i = 3, #parts do
    if redis.call('EXISTS', parts[i]) == 1 then redis.call('DECRBY', parts[i], parts[2]) end
  end
  redis.call('ZREM', KEYS[1], member)
end
`;

/**
 * KEYS: [open-reservations zset, counter...]
 * ARGV: now_ms, dry_run ('1'|'0'), id, expires_at_ms, amount, n_variants, (threshold, amount)*,
 *       n_global, global line index (1-based)*, (limit, ttl_seconds)* per counter (limit -1: no cap)
 * Returns: {ok (1|0), failed line (0-based, -1), variant (-1 or 0-based), amount, counter values...}
 */
export const RESERVE_LUA = `${PRUNE}
local n = #KEYS - 1
local nv = tonumber(ARGV[6])
local gi = 7 + nv * 2
local ng = tonumber(ARGV[gi])
local li = gi + ng + 1
local util = 0
-- Global utilisation matters only to a call that has a cheaper variant.
for g = 1, (nv > 0 and ng or 0) do
  local idx = tonumber(ARGV[gi + g])
  local limit = tonumber(ARGV[li + (idx - 1) * 2])
  if limit > 0 then
    local u = tonumber(redis.call('GET', KEYS[idx + 1]) or '0') / limit
    if u > util then util = u end
  end
end
local amount = ARGV[5]
local variant = -1
for v = 1, nv do
  if util >= tonumber(ARGV[5 + v * 2]) then
    amount = ARGV[6 + v * 2]
    variant = v - 1
    break
  end
end
local a = tonumber(amount)
local out = {1, -1, variant, amount}
local spent = {}
if ARGV[2] == '1' then
  -- check only: read, compare, write nothing
  for i = 1, n do
    spent[i] = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
    local limit = tonumber(ARGV[li + (i - 1) * 2])
    if out[1] == 1 and limit >= 0 and spent[i] + a > limit then
      out[1] = 0
      out[2] = i - 1
    end
  end
else
  -- Increment first and undo on the (rare) rejection: one command per counter on the common path.
  for i = 1, n do
    local key = KEYS[i + 1]
    local after = redis.call('INCRBY', key, amount)
    if after == a then redis.call('EXPIRE', key, ARGV[li + (i - 1) * 2 + 1]) end
    spent[i] = after
    local limit = tonumber(ARGV[li + (i - 1) * 2])
    if limit >= 0 and after > limit then
      for j = 1, i do
        spent[j] = redis.call('DECRBY', KEYS[j + 1], amount)
      end
      for j = i + 1, n do spent[j] = tonumber(redis.call('GET', KEYS[j + 1]) or '0') end
      out[1] = 0
      out[2] = i - 1
      break
    end
  end
  if out[1] == 1 then
    local parts = {ARGV[3], amount}
    for i = 1, n do parts[i + 2] = KEYS[i + 1] end
    redis.call('ZADD', KEYS[1], ARGV[4], table.concat(parts, '\\n'))
  end
end
for i = 1, n do out[4 + i] = spent[i] end
return out
`;

/**
 * KEYS: [open-reservations zset, counter..., (observations list, when ARGV[5] is not empty)]
 * ARGV: id, reserved amount, delta (when the reservation is still open), actual (when it is not),
 *       output tokens ('' for none), observations kept, observations ttl_seconds, ttl_seconds per counter
 * Returns the counter values after.
 * The reservation's member is rebuilt here from id, amount and KEYS rather than sent again (it repeats every
 * key). No prune: expired reservations are released by the next reserve, and an expired one not yet released
 * is still in the set, so settling it with the delta is right.
 */
export const SETTLE_LUA = `
local last = #KEYS
if ARGV[5] ~= '' then
  last = last - 1
  local obs = KEYS[#KEYS]
  redis.call('LPUSH', obs, ARGV[5])
  redis.call('LTRIM', obs, 0, tonumber(ARGV[6]) - 1)
  redis.call('EXPIRE', obs, ARGV[7])
end
local parts = {ARGV[1], ARGV[2]}
for i = 2, last do parts[i + 1] = KEYS[i] end
local d = ARGV[4]
if redis.call('ZREM', KEYS[1], table.concat(parts, '\\n')) == 1 then d = ARGV[3] end
local dn = tonumber(d)
local out = {}
for i = 2, last do
  if dn == 0 then
    out[i - 1] = tonumber(redis.call('GET', KEYS[i]) or '0')
  else
    out[i - 1] = redis.call('INCRBY', KEYS[i], d)
    -- A counter created here (lost in a restart) gets its lifetime back.
    if out[i - 1] == dn then redis.call('EXPIRE', KEYS[i], ARGV[6 + i]) end
  end
end
return out
`;

/**
 * A stream spent past its reservation: grow the reservation to the new amount in every scope, or refuse
 * when a capped scope has no room (unless forced), and push its expiry out.
 * KEYS: [open-reservations zset, counter...]
 * ARGV: id, held amount, delta (when the reservation is still open), new amount (the increase when it is
 *       not: it expired, or was never recorded), expires_at_ms, force ('1'|'0'), (limit, ttl_seconds)* per counter
 * Returns: {ok (1|0), failed line (0-based, -1), counter values (after, or as they are when refused)...}
 */
export const METER_LUA = `
local n = #KEYS - 1
local parts = {ARGV[1], ARGV[2]}
for i = 1, n do parts[i + 2] = KEYS[i + 1] end
local old = table.concat(parts, '\\n')
local d = ARGV[4]
local held = redis.call('ZSCORE', KEYS[1], old)
if held then d = ARGV[3] end
local dn = tonumber(d)
local out = {1, -1}
local spent = {}
for i = 1, n do
  spent[i] = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
  local limit = tonumber(ARGV[7 + (i - 1) * 2])
  if out[1] == 1 and ARGV[6] == '0' and dn > 0 and limit >= 0 and spent[i] + dn > limit then
    out[1] = 0
    out[2] = i - 1
  end
end
if out[1] == 1 then
  for i = 1, n do
    if dn ~= 0 then
      spent[i] = redis.call('INCRBY', KEYS[i + 1], d)
      if spent[i] == dn then redis.call('EXPIRE', KEYS[i + 1], ARGV[8 + (i - 1) * 2]) end
    end
  end
  if held then redis.call('ZREM', KEYS[1], old) end
  parts[2] = ARGV[4]
  redis.call('ZADD', KEYS[1], ARGV[5], table.concat(parts, '\\n'))
end
for i = 1, n do out[2 + i] = spent[i] end
return out
`;
