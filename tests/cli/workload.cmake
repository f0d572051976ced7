# waypoint_test_workload(DIR ENTITIES): writes DIR/ind.csv (20 indicators, target 100 in 2030) and
# DIR/obs.csv (ENTITIES entities x 10 years, 2015-2024, for each indicator) with ${PYTHON}.
function(waypoint_test_workload dir entities)
  execute_process(COMMAND ${PYTHON} -c "
import sys
d, entities = sys.argv[1], int(sys.argv[2])
with open(d + '/ind.csv', 'w') as f:
    f.write('indicator,direction,target,target_year,base_year\\n')
    for i in range(20): f.write(f'I{i:02d},1,100,2030,2015\\n')
with open(d + '/obs.csv', 'w') as f:
    f.write('indicator,entity,period,value\\n')
    for i in range(20):
        for e in range(entities):
            for y in range(2015, 2025): f.write(f'I{i:02d},E{e:04d},{y},{50 + y - 2015 + (i * 7 + e * 3 + y) % 10 / 10}\\n')
" ${dir} ${entities} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not generate the input (${rc})")
  endif()
endfunction()
