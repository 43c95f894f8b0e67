<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>RatingChoices</name>
    <message numerus="yes">
        <source>%n copy printed</source>
        <translation>
            <numerusform>%n copy printed</numerusform>
            <numerusform>%n copies printed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record requested</source>
        <translation>
            <numerusform>%n record requested</numerusform>
            <numerusform>%n records requested</numerusform>
        </translation>
    </message>
</context>
</TS>
