from mesoclinic.cli import main

main()
