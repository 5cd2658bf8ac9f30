-- wrk script for bench/run.py: each request takes the next path of a list file (one per line), so a
-- cold workload asks for each address about once. wrk runs it in one thread (-t 1): one counter.
local paths = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
end

function request()
  next_index = next_index + 1
  if next_index > #paths then
    next_index = 1
  end
  return wrk.format("GET", paths[next_index])
end
